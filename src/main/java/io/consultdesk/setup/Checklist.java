package io.consultdesk.setup;

import io.consultdesk.clinic.Clinic;
import io.consultdesk.clinic.ClinicRules;
import io.consultdesk.mail.OutboxDao;
import java.util.List;
import java.util.Optional;

/**
 * What a clinic still needs before it takes requests, read from its real state on every view: each item is done
 * or not from the settings, the form's loads and the test requests, never from a box someone ticked.
 *
 * @param allowedLoads the allowed websites the form was loaded from, most recent first
 * @param refusedLoads websites that tried to show the form but are not allowed, most recent first
 * @param test the latest test request and the emails it produced, if one was sent
 * @param testRequests how many test requests the clinic has (all of them can be removed)
 */
public record Checklist(Clinic clinic, List<SetupDao.Loads> allowedLoads, List<SetupDao.Loads> refusedLoads,
                        Optional<TestRequest> test, long testRequests) {

    /** The items, in the order the page lists them. */
    public enum Item { LOCATION, RECIPIENTS, WEBSITE, EMBED, TEST }

    /** A test request and its emails, in the order they were queued. */
    public record TestRequest(SetupDao.TestLead lead, List<OutboxDao.Message> emails) {}

    public boolean done(Item item) {
        return switch (item) {
            case LOCATION -> locationsToComplete().isEmpty();
            case RECIPIENTS -> !clinic.recipients().requests().isEmpty() && !clinic.recipients().urgent().isEmpty();
            case WEBSITE -> !clinic.allowedOrigins().isEmpty();
            case EMBED -> !allowedLoads.isEmpty();
            case TEST -> test.isPresent();
        };
    }

    /** The locations visitors and booking emails cannot show fully: no street address (or no usable time zone). */
    public List<Clinic.Location> locationsToComplete() {
        return clinic.locations().stream()
                .filter(l -> l.address().map(String::isBlank).orElse(true) || l.timeZone() == null
                        || !ClinicRules.isZone(l.timeZone()))
                .toList();
    }

    public long doneCount() {
        return List.of(Item.values()).stream().filter(this::done).count();
    }

    public int total() {
        return Item.values().length;
    }
}
