package io.consultdesk.booking;

import io.consultdesk.clinic.ClinicService;
import io.consultdesk.web.Assets;
import io.consultdesk.web.Views;
import io.javalin.http.Context;

/**
 * The page the visitor's email links to ({@code /consultation/{token}}): see the consultation, cancel it
 * or pick another time, without an account. GET only shows (mail scanners open links); changes are POSTs.
 */
public final class ManageController {
    private final ClinicService clinics;
    private final BookingService bookings;
    private final Views views;
    private final Assets assets;

    public ManageController(ClinicService clinics, BookingService bookings, Views views, Assets assets) {
        this.clinics = clinics;
        this.bookings = bookings;
        this.views = views;
        this.assets = assets;
    }

    /** GET /consultation/{token} */
    public void show(Context ctx) {
        ctx.status(404);
    }

    /** POST /consultation/{token}/cancel */
    public void cancel(Context ctx) {
        ctx.status(404);
    }

    /** POST /consultation/{token}/reschedule */
    public void reschedule(Context ctx) {
        ctx.status(404);
    }
}
