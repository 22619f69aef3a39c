package io.consultdesk.booking;

import io.consultdesk.audit.AuditLog;
import io.consultdesk.clinic.ClinicService;
import io.consultdesk.dashboard.DeskService;
import io.consultdesk.staff.StaffAuth;
import io.consultdesk.web.Views;
import io.javalin.http.Context;
import java.time.Clock;

/**
 * Consultations in the staff dashboard: the upcoming ones per location (day and week views), and
 * booking, moving and cancelling a lead's consultation. Every view and change is audited.
 */
public final class StaffBookingController {
    private final ClinicService clinics;
    private final BookingService bookings;
    private final DeskService desk;
    private final AuditLog audit;
    private final StaffAuth auth;
    private final Views views;
    private final Clock clock;

    public StaffBookingController(ClinicService clinics, BookingService bookings, DeskService desk, AuditLog audit,
                                  StaffAuth auth, Views views, Clock clock) {
        this.clinics = clinics;
        this.bookings = bookings;
        this.desk = desk;
        this.audit = audit;
        this.auth = auth;
        this.views = views;
        this.clock = clock;
    }

    /** GET /staff/consultations?clinic=&location=&view=day|week&date= */
    public void consultations(Context ctx) {
        ctx.status(404);
    }

    /** GET /staff/leads/{id}/booking: pick a time to book or move the lead's consultation. */
    public void pick(Context ctx) {
        ctx.status(404);
    }

    /** POST /staff/leads/{id}/booking */
    public void book(Context ctx) {
        ctx.status(404);
    }

    /** POST /staff/leads/{id}/booking/cancel */
    public void cancel(Context ctx) {
        ctx.status(404);
    }
}
