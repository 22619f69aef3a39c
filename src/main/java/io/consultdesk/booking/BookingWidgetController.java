package io.consultdesk.booking;

import io.consultdesk.clinic.ClinicService;
import io.consultdesk.web.Assets;
import io.consultdesk.web.ClientIp;
import io.consultdesk.web.Views;
import io.javalin.http.Context;

/**
 * The widget's "Pick a time" step, shown in the iframe after the request was stored: the free slots in
 * the visitor's time zone and the clinic's, booking one, or asking for a call back instead.
 */
public final class BookingWidgetController {
    private final ClinicService clinics;
    private final BookingService bookings;
    private final Views views;
    private final Assets assets;
    private final ClientIp clientIp;

    public BookingWidgetController(ClinicService clinics, BookingService bookings, Views views, Assets assets, ClientIp clientIp) {
        this.clinics = clinics;
        this.bookings = bookings;
        this.views = views;
        this.assets = assets;
        this.clientIp = clientIp;
    }

    /** POST /embed/{clinic}/times: the step again, for another type, location, time zone or days. */
    public void times(Context ctx) {
        ctx.status(404);
    }

    /** POST /embed/{clinic}/book */
    public void book(Context ctx) {
        ctx.status(404);
    }

    /** POST /embed/{clinic}/callback */
    public void callBack(Context ctx) {
        ctx.status(404);
    }
}
