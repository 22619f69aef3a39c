package io.consultdesk.dashboard;

import io.consultdesk.lead.Choices;
import io.consultdesk.screening.Flag;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.time.LocalDate;
import java.time.format.DateTimeParseException;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;

/**
 * The inbox's filters, read from the query string. A value that is not one of the known ones is
 * ignored (and the form shows it as not applied), so a hand-edited URL never gives an error page.
 *
 * @param status {@code open} (the default: new, contacted, scheduled), {@code all}, or a status code
 * @param flag a triage flag code, or {@code urgent}
 * @param query  the search text: posted, never read from or put in a URL (it is often a patient's name)
 * @param search the id of the signed-in person's saved search that holds {@code query}, which URLs carry instead
 */
public record InboxFilter(Optional<String> clinic, Optional<String> location, String status, Optional<String> interest,
                          Optional<String> flag, Optional<LocalDate> from, Optional<LocalDate> to, Optional<String> query,
                          Optional<String> search, int page) {
    public static final String OPEN = "open";
    public static final String ALL = "all";
    public static final String URGENT = "urgent";
    public static final int MAX_QUERY = 100;

    public static InboxFilter none() {
        return new InboxFilter(Optional.empty(), Optional.empty(), OPEN, Optional.empty(), Optional.empty(),
                Optional.empty(), Optional.empty(), Optional.empty(), Optional.empty(), 1);
    }

    public static InboxFilter parse(Function<String, String> param) {
        String status = Optional.ofNullable(param.apply("status"))
                .filter(s -> s.equals(ALL) || LeadStatus.of(s).isPresent()).orElse(OPEN);
        Optional<String> flag = text(param, "flag", 40)
                .filter(f -> f.equals(URGENT) || Flag.fromCode(f).isPresent());
        int page = 1;
        try {
            page = Math.max(1, Math.min(100_000, Integer.parseInt(Optional.ofNullable(param.apply("page")).orElse("1"))));
        } catch (NumberFormatException e) {
            page = 1;
        }
        return new InboxFilter(text(param, "clinic", 48).filter(s -> s.matches("[a-z0-9-]+")),
                text(param, "location", 48).filter(s -> s.matches("[A-Za-z0-9_-]+")), status,
                text(param, "interest", 20).filter(Choices.INTEREST::contains), flag,
                date(param.apply("from")), date(param.apply("to")), text(param, "q", MAX_QUERY),
                text(param, "search", 40).filter(s -> s.matches("[A-Za-z0-9_-]+")), page);
    }

    private static Optional<String> text(Function<String, String> param, String name, int max) {
        return Optional.ofNullable(param.apply(name)).map(String::trim).filter(s -> !s.isEmpty() && s.length() <= max);
    }

    private static Optional<LocalDate> date(String raw) {
        if (raw == null || raw.isBlank()) {
            return Optional.empty();
        }
        try {
            return Optional.of(LocalDate.parse(raw.trim()));
        } catch (DateTimeParseException e) {
            return Optional.empty();
        }
    }

    /** The status codes this filter lets through. */
    public List<String> statuses() {
        return switch (status) {
            case OPEN -> LeadStatus.openCodes();
            case ALL -> LeadStatus.allCodes();
            default -> List.of(status);
        };
    }

    public InboxFilter withStatus(String newStatus) {
        return new InboxFilter(clinic, location, newStatus, interest, flag, from, to, query, search, 1);
    }

    public InboxFilter withPage(int newPage) {
        return new InboxFilter(clinic, location, status, interest, flag, from, to, query, search, newPage);
    }

    /** This filter with a search text and the saved search that holds it (empty: no search). */
    public InboxFilter withSearch(Optional<String> text, Optional<String> savedId) {
        return new InboxFilter(clinic, location, status, interest, flag, from, to, text, savedId, page);
    }

    public boolean isFiltered() {
        return clinic.isPresent() || location.isPresent() || interest.isPresent() || flag.isPresent()
                || from.isPresent() || to.isPresent() || query.isPresent();
    }

    /** The query string that gives this filter back (without a leading '?'); page 1 is left out. */
    public String toQuery() {
        Map<String, String> p = new LinkedHashMap<>();
        clinic.ifPresent(v -> p.put("clinic", v));
        location.ifPresent(v -> p.put("location", v));
        if (!status.equals(OPEN)) {
            p.put("status", status);
        }
        interest.ifPresent(v -> p.put("interest", v));
        flag.ifPresent(v -> p.put("flag", v));
        from.ifPresent(v -> p.put("from", v.toString()));
        to.ifPresent(v -> p.put("to", v.toString()));
        search.ifPresent(v -> p.put("search", v)); // the saved search's id: the text itself never goes in a URL
        if (page > 1) {
            p.put("page", Integer.toString(page));
        }
        StringBuilder out = new StringBuilder();
        p.forEach((k, v) -> out.append(out.length() == 0 ? "" : "&").append(k).append('=')
                .append(URLEncoder.encode(v, StandardCharsets.UTF_8)));
        return out.toString();
    }

    /**
     * A short description for the audit log: which filters an export or a search used. The search text
     * itself is left out (it is often a patient's name or phone, and audit rows are kept six years,
     * outliving the leads they name): only that there was one.
     */
    public String describe() {
        String q = withSearch(Optional.empty(), Optional.empty()).toQuery().replaceAll("(^|&)page=\\d+", "");
        String search = query.isPresent() ? "search" : "";
        String all = q.isEmpty() ? search : search.isEmpty() ? q : q + "&" + search;
        return all.isEmpty() ? "status=" + status : all;
    }
}
