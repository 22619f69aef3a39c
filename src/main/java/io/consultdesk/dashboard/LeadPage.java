package io.consultdesk.dashboard;

import com.fasterxml.jackson.databind.JsonNode;
import io.consultdesk.booking.BookingDao;
import io.consultdesk.booking.BookingLabels;
import io.consultdesk.lead.Utm;
import io.consultdesk.clinic.Clinic;
import io.consultdesk.screening.Instrument;
import io.consultdesk.screening.Score;
import io.consultdesk.screening.Scoring;
import io.consultdesk.staff.StaffFrame;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/** One lead: contact, answers and scores, triage, consent evidence, the timeline, and what staff can do. */
public record LeadPage(StaffFrame frame, DeskService.LeadDetail detail, Formats formats, Labels labels,
                       Optional<String> notice, Optional<String> error) {

    public String t(String key, Object... args) {
        return frame.t(key, args);
    }

    public DeskDao.LeadRecord lead() {
        return detail.lead();
    }

    public Clinic clinic() {
        return detail.clinic();
    }

    public boolean waiting() {
        return lead().urgent() && lead().acknowledgedAt() == null;
    }

    public String location() {
        return lead().locationId() == null ? "" : clinic().location(lead().locationId()).map(Clinic.Location::name)
                .orElse(lead().locationId());
    }

    public String option(String group, String code) {
        if (code == null) {
            return t("staff.lead.none");
        }
        String key = "option." + group + "." + code;
        return frame.messages().has(key) ? t(key) : code;
    }

    public List<String> conditions() {
        return detail.answers().conditions().stream().map(c -> option("condition", c)).toList();
    }

    public List<String> checklist() {
        return detail.answers().tmsChecklist().entrySet().stream().filter(Map.Entry::getValue)
                .map(e -> option("tms", e.getKey())).sorted().toList();
    }

    public List<LeadStatus> statuses() {
        return List.of(LeadStatus.values());
    }

    /** A scored instrument as staff see it: total and band when complete, otherwise how many items were answered. */
    public record ScoreView(String name, Score score, List<Item> items) {
        public boolean complete() {
            return score.total().isPresent();
        }
    }

    public record Item(String question, String answer, boolean flagged) {}

    public List<ScoreView> scores() {
        List<ScoreView> out = new ArrayList<>();
        JsonNode s = detail.answers().screening();
        for (String part : List.of("depression", "anxiety")) {
            JsonNode node = s.path(part);
            Optional<Instrument> instrument = Instrument.fromCode(node.path("instrument").asText(""));
            if (instrument.isEmpty() || !node.path("answers").isArray()) {
                continue;
            }
            List<Integer> answers = new ArrayList<>();
            node.path("answers").forEach(a -> answers.add(a.isNull() ? null : a.asInt()));
            if (answers.size() != instrument.get().items()) {
                continue;
            }
            Score score = Scoring.score(instrument.get(), answers);
            String prefix = instrument.get() == Instrument.GAD7 ? "screening.gad." : "screening.phq.";
            List<Item> items = new ArrayList<>();
            for (int i = 0; i < answers.size(); i++) {
                Integer a = answers.get(i);
                items.add(new Item(t(prefix + (i + 1)), a == null ? t("staff.lead.skipped") : t("screening.answer." + a),
                        instrument.get().hasItem9() && i == 8 && a != null && a > 0));
            }
            out.add(new ScoreView(t("staff.instrument." + instrument.get().code()), score, items));
        }
        return out;
    }

    public String band(Score score) {
        return score.band().map(b -> t("staff.band." + b.code())).orElse("");
    }

    public Optional<String> difficulty() {
        JsonNode d = detail.answers().screening().path("difficulty");
        return d.isTextual() ? Optional.of(labelOr("screening.difficulty." + d.asText(), d.asText())) : Optional.empty();
    }

    public record SafetyView(String question, String answer, boolean concern) {}

    public List<SafetyView> safety() {
        List<SafetyView> out = new ArrayList<>();
        detail.answers().screening().path("safety").fields().forEachRemaining(e -> out.add(new SafetyView(
                labelOr("safety.q." + e.getKey(), e.getKey()), labelOr("safety.answer." + e.getValue().asText(),
                e.getValue().asText()), !"no".equals(e.getValue().asText()))));
        return out;
    }

    public Optional<String> trials() {
        JsonNode n = detail.answers().screening().path("antidepressantTrials");
        return n.isNumber() ? Optional.of(labelOr("screening.trials." + n.asInt(), n.asText())) : Optional.empty();
    }

    public List<String> reasons() {
        return detail.answers().triageReasons().stream().map(labels::reason).toList();
    }

    /** Only the reasons that made the request urgent (not the review and fit reasons), for the urgent panel. */
    public List<String> urgentReasons() {
        List<String> urgent = List.of(io.consultdesk.screening.Triage.REASON_HELP_NOW, io.consultdesk.screening.Triage.REASON_ITEM9,
                io.consultdesk.screening.Triage.REASON_SUICIDAL_THOUGHTS);
        return detail.answers().triageReasons().stream().filter(urgent::contains).map(labels::reason).toList();
    }

    public List<String> flags() {
        return labels.flags(lead().flags());
    }

    public String priority() {
        return t("staff.priority." + lead().priority());
    }

    // The consultation card

    public BookingLabels booking() {
        return new BookingLabels(frame.messages(), clinic());
    }

    /** The consultation booked now, if there is one. */
    public Optional<BookingDao.BookingRow> activeBooking() {
        return detail.bookings().stream().filter(BookingDao.BookingRow::booked).findFirst();
    }

    /** Consultations that were cancelled, newest first. */
    public List<BookingDao.BookingRow> cancelledBookings() {
        List<BookingDao.BookingRow> out = new ArrayList<>(detail.bookings().stream().filter(b -> !b.booked()).toList());
        java.util.Collections.reverse(out);
        return out;
    }

    /** Whether staff can book a consultation for this lead now (the clinic books online). */
    public boolean canBook() {
        return clinic().booking().bookable();
    }

    /** Whether the consultation's time has come (it can no longer be moved). */
    public boolean started(BookingDao.BookingRow b) {
        return !b.startsAt().isAfter(formats.now());
    }

    public Optional<String> callbackWindow() {
        return booking().callbackWindow(lead().callbackWindow());
    }

    public String timelineText(DeskService.Event e) {
        return switch (e.kind()) {
            case "created" -> t("staff.timeline.created", t("staff.source." + e.detail()));
            case "email.queued", "email.sent", "email.failed" -> t("staff.timeline." + e.kind(), labels.mailKind(e.detail()))
                    + notSent(e);
            case "email.scheduled" -> (io.consultdesk.mail.MailKind.BOOKING_REMINDER.code.equals(e.detail())
                    ? t("staff.booking.timeline.reminder", formats.dateTime(e.scheduledFor()))
                    : t("staff.booking.timeline.scheduledEmail", labels.mailKind(e.detail()), formats.dateTime(e.scheduledFor())))
                    + notSent(e);
            case "booking.created", "booking.rescheduled", "booking.cancelled" -> booking().auditDetail(e.kind(), e.detail());
            case "lead.callbackRequested" -> t("staff.booking.timeline.callback", booking().callbackDetail(e.detail()));
            case "lead.statusChanged" -> t("staff.timeline.statusChanged", statusChange(e.detail()));
            default -> labelOr("staff.timeline." + e.kind().replace("lead.", ""), e.kind())
                    + (e.detail() == null || e.kind().equals("lead.noteAdded") ? "" : " · " + e.detail());
        };
    }

    private String notSent(DeskService.Event e) {
        return e.notSent() == null ? "" : " · " + t("staff.booking.timeline." + e.notSent());
    }

    private String statusChange(String detail) {
        String[] parts = detail == null ? new String[0] : detail.split(" → ");
        return parts.length == 2 ? labels.status(parts[0]) + " → " + labels.status(parts[1]) : String.valueOf(detail);
    }

    /** How the request came: the website form or the API. */
    public String via() {
        return labelOr("staff.lead.via." + lead().source(), lead().source());
    }

    /** The campaign of the page the request came from, e.g. "Source: newsletter"; only the parts it had. */
    public List<String> campaign() {
        List<String> out = new ArrayList<>();
        new Utm(lead().utmSource(), lead().utmMedium(), lead().utmCampaign()).parts().forEach((part, value) -> {
            if (value != null) {
                out.add(t("staff.lead.campaignPart", t("sources." + part), value));
            }
        });
        return out;
    }

    private String labelOr(String key, String fallback) {
        return frame.messages().has(key) ? t(key) : fallback;
    }
}
