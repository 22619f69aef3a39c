package io.consultdesk.settings;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.consultdesk.audit.Actor;
import io.consultdesk.clinic.Clinic;
import io.consultdesk.clinic.ClinicFile;
import io.consultdesk.clinic.ClinicService;
import io.consultdesk.staff.Role;
import io.consultdesk.support.StaffClient;
import io.consultdesk.support.TestServer;
import java.net.http.HttpResponse;
import java.time.DayOfWeek;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The settings pages over HTTP, as a browser without JavaScript uses them: each section saves through the one set of
 * rules and is live at once, bad values come back next to their fields with nothing changed, a stale page is refused
 * with the other person's change named, previews store nothing, and only a clinic's owners and admins get in.
 */
class SettingsPagesTest {
    static final String BASE = "/staff/clinics/demo/settings";
    static TestServer server;
    static StaffClient owner;

    @BeforeAll
    static void start() {
        server = TestServer.start();
        ObjectNode north = ClinicFile.tree(ClinicService.demoClinic());
        north.put("slug", "north-shore");
        north.put("name", "North Shore TMS");
        north.putArray("allowedOrigins").add("https://north-shore.example");
        server.app().clinics().create(north, Actor.SYSTEM);
        owner = StaffClient.signedIn(server, "owner@demo-clinic.example", Role.OWNER, "demo");
    }

    @AfterAll
    static void stop() {
        server.close();
    }

    @BeforeEach
    void demoAsShipped() {
        server.app().clinics().save(ClinicService.demoClinic());
        server.clearLeads();
    }

    // ---- helpers ----

    static Clinic demo() {
        return server.app().clinics().find("demo").orElseThrow();
    }

    static int version() {
        return server.app().clinics().version("demo").orElseThrow();
    }

    static PageForm open(StaffClient client, String section) {
        HttpResponse<String> r = client.get(BASE + "/" + section);
        assertEquals(200, r.statusCode(), r.body());
        return PageForm.of(r.body(), "class=\"settings-form\"");
    }

    static HttpResponse<String> post(StaffClient client, String path, PageForm form) {
        return client.postFields(path, form.pairs());
    }

    /** Saves the form; expects the redirect back to the section with its confirmation, and returns that page. */
    static String saved(StaffClient client, String section, PageForm form) {
        HttpResponse<String> r = post(client, BASE + "/" + section, form);
        assertEquals(303, r.statusCode(), r.body());
        String location = r.headers().firstValue("Location").orElseThrow();
        assertTrue(location.startsWith(BASE + "/" + section + "?saved="), location);
        HttpResponse<String> page = client.get(location);
        assertEquals(200, page.statusCode());
        return page.body();
    }

    /** The messages shown next to a field (its notes), as text. */
    static String notes(String html, String path) {
        Matcher m = Pattern.compile("id=\"" + Pattern.quote(SettingsPage.id(path)) + "-notes\">(.*?)</div>", Pattern.DOTALL)
                .matcher(html);
        assertTrue(m.find(), "no notes next to " + path);
        return PageForm.unescape(m.group(1).replaceAll("<[^>]+>", " ").replaceAll("\\s+", " ").strip());
    }

    static String embed() {
        HttpResponse<String> r = server.get("/embed/demo");
        assertEquals(200, r.statusCode());
        return r.body();
    }

    static long count(String sql) {
        return server.jdbi().withHandle(h -> h.createQuery(sql).mapTo(Long.class).one());
    }

    // ---- each section saves, and visitors see it at once ----

    @Test
    void profileSavesAndTheFormShowsItAtOnce() {
        PageForm f = open(owner, "profile");
        assertEquals(Integer.toString(version()), f.get("version"));
        assertEquals("Free consultation · intake fee waived for new patients", f.get("offer"));
        f.set("offer", "Free 20-minute call with a nurse").set("hours", "Weekdays 9–5");
        String page = saved(owner, "profile", f);
        assertTrue(page.contains("Saved as version " + version()), page);
        assertTrue(page.contains("Offer line: “Free consultation · intake fee waived for new patients” → “Free 20-minute call with a nurse”"), page);
        assertTrue(page.contains("Hours: "), page);
        assertTrue(embed().contains("Free 20-minute call with a nurse"), "live at once");

        String again = saved(owner, "profile", open(owner, "profile"));
        assertTrue(again.contains("Nothing changed"), again);
        String audit = server.jdbi().withHandle(h -> h.createQuery("SELECT detail FROM audit_log WHERE action ="
                + " 'clinic.settingsChanged' AND actor_email = 'owner@demo-clinic.example' ORDER BY id DESC LIMIT 1").mapTo(String.class).one());
        assertTrue(audit.contains("(settings: profile)") && audit.contains("offer: “Free consultation · intake fee waived for new patients”"
                + " → “Free 20-minute call with a nurse”") && audit.contains("hours: "), audit);
    }

    @Test
    void theConsentTextIsTheClinicsOwnWithANewVersion() {
        PageForm f = open(owner, "profile");
        String page = owner.get(BASE + "/profile").body();
        assertTrue(page.contains("Consent version in use: privacy-en-"), "the current consent version is shown");
        assertTrue(page.contains("placeholder=\"I agree that Bright Harbor Ketamine &amp; TMS may use"), "the standard wording is the placeholder");
        String text = "I agree that Bright Harbor may contact me about a consultation and review my answers to see if its care"
                + " may suit me. This form is not for emergencies: call or text 988, or call 911.";
        saved(owner, "profile", f.set("privacyConsent", text));
        assertEquals(text, demo().consentText().orElseThrow());
        assertTrue(embed().contains("review my answers to see if its care"));
        assertTrue(owner.get(BASE + "/profile").body().contains("Consent version in use: clinic-"));
    }

    @Test
    void locationsAreAddedAndRemovedWithoutJavaScript() {
        PageForm f = open(owner, "locations");
        assertEquals("los-angeles", f.get("locations[0].id"));
        assertEquals("America/Los_Angeles", f.get("locations[0].timeZone"));
        HttpResponse<String> more = owner.postFields(BASE + "/locations", add(f.pairs(), "action", "addRow"));
        assertEquals(200, more.statusCode(), "one row more, nothing saved");
        assertTrue(more.body().contains("New location"), more.body());
        PageForm withRow = PageForm.of(more.body(), "class=\"settings-form\"");
        assertEquals("true", withRow.get("locations[2].added"));
        withRow.set("locations[2].name", "Santa Monica").set("locations[2].address", "200 Ocean Ave, Santa Monica, CA")
                .set("locations[2].timeZone", "America/Los_Angeles");
        String page = saved(owner, "locations", withRow);
        assertTrue(page.contains("Saved as version"), page);
        assertEquals("santa-monica", demo().locations().get(2).id(), "an id suggested from the name");
        assertTrue(embed().contains("Santa Monica"), "visitors can choose it at once");
        assertTrue(page.contains("name=\"locations[2].id\" value=\"santa-monica\"") && page.contains("readonly"),
                "once saved, its id cannot be changed");

        PageForm remove = open(owner, "locations").set("locations[1].remove", "true");
        saved(owner, "locations", remove);
        assertEquals(List.of("los-angeles", "santa-monica"), demo().locations().stream().map(Clinic.Location::id).toList());
        assertFalse(demo().booking().locations().containsKey("beverly-hills"), "its bookable hours went with it");
        assertFalse(embed().contains("Beverly Hills"));
    }

    @Test
    void questionsAreTurnedOnAndOff() {
        assertTrue(embed().contains("id=\"f-message\""));
        PageForm f = open(owner, "questions");
        assertEquals("true", f.get("questions.message"));
        f.remove("questions.message").set("questions.depressionScale", "phq8");
        saved(owner, "questions", f);
        String form = embed();
        assertFalse(form.contains("id=\"f-message\""), "the message box is gone at once");
        assertFalse(form.contains("name=\"phq9\""), "PHQ-8 has no item 9");
        assertTrue(form.contains("name=\"phq8\""));
        assertEquals("phq8", demo().questions().depressionScale());
    }

    @Test
    void recipientsAreOneAddressPerLine() {
        PageForm f = open(owner, "recipients");
        assertEquals("intake@demo-clinic.example", f.get("recipients.notify"));
        f.set("recipients.notify", "intake@demo-clinic.example\r\n\r\nfrontdesk@demo-clinic.example\n");
        String page = saved(owner, "recipients", f);
        assertTrue(page.contains("New requests: “intake@demo-clinic.example” → “frontdesk@demo-clinic.example, intake@demo-clinic.example”"), page);
        assertEquals(List.of("frontdesk@demo-clinic.example", "intake@demo-clinic.example"), demo().recipients().requests());
        assertEquals(201, server.postJson("/api/v1/clinics/demo/leads", io.consultdesk.support.Leads.validJson()).statusCode());
        assertEquals(1, server.outboxTo("frontdesk@demo-clinic.example", ""),
                "the next request is announced to the new address at once");
        String shown = owner.get(BASE + "/recipients").body();
        assertTrue(shown.contains("Alerted at once when someone signals self-harm"), "urgent explained");
        assertTrue(shown.contains("Told when an urgent request is not acknowledged in time"), "escalation explained");
    }

    @Test
    void websitesSaveAndTheFrameAncestorsFollowAtOnce() {
        PageForm f = open(owner, "websites");
        f.set("allowedOrigins", f.get("allowedOrigins") + "\nhttps://www.bright-harbor.example");
        saved(owner, "websites", f);
        String csp = server.get("/embed/demo").headers().firstValue("Content-Security-Policy").orElseThrow();
        assertTrue(csp.contains("https://www.bright-harbor.example"), csp);
    }

    @Test
    void brandingShowsTheContrastAndSaves() {
        String page = owner.get(BASE + "/branding").body();
        String ratio = io.consultdesk.clinic.Contrast.format(io.consultdesk.clinic.Contrast.ofText("#2f6f73"));
        assertTrue(page.contains("<strong>" + ratio + ":1</strong> — passes WCAG AA"), page);
        assertTrue(page.contains("fill=\"#2f6f73\""), "a sample button in the colour");
        PageForm f = open(owner, "branding");
        f.set("brandColor", "#225560");
        saved(owner, "branding", f);
        assertTrue(embed().contains("--brand:#225560"), "the form's colours at once");
        String after = owner.get(BASE + "/branding").body();
        assertTrue(after.contains("fill=\"#225560\""), after);
    }

    @Test
    void theColourPickerCountsWhenItWasMoved() {
        PageForm f = open(owner, "branding");
        assertEquals("#2f6f73", f.get("brandColorShown"));
        f.set("brandColorPicker", "#1d4ed8"); // the text still says #2f6f73: the picker was the one moved
        saved(owner, "branding", f);
        assertEquals("#1d4ed8", demo().brandColor());
    }

    @Test
    void dashboardAndBookingSave() {
        saved(owner, "dashboard", open(owner, "dashboard").set("dashboard.idleLogoffMinutes", "20"));
        assertEquals(20, demo().dashboard().idleLogoffMinutes());
        StaffClient next = StaffClient.signedIn(server, "idle-" + System.nanoTime() + "@demo-clinic.example", Role.STAFF, "demo");
        assertTrue(next.get("/staff/leads").body().contains("content=\"1205;url="), "the next sign-in is signed out after 20 minutes");

        PageForm b = open(owner, "booking");
        assertEquals("true", b.get("booking.enabled"));
        assertEquals("08:00-12:00, 13:00-18:00", b.get("booking.locations.los-angeles.hours.mon"));
        assertEquals("", b.get("booking.locations.beverly-hills.hours.mon"));
        assertEquals("los-angeles", b.get("booking.types[0].locations"));
        b.set("booking.horizonDays", "14").set("booking.locations.los-angeles.hours.mon", "09:00-12:00")
                .set("booking.locations.beverly-hills.blockedDates", "2026-12-29\n2026-12-30")
                .set("booking.blockedDates", b.get("booking.blockedDates") + "\n2027-11-25");
        saved(owner, "booking", b);
        var booking = demo().booking();
        assertEquals(14, booking.horizonDays());
        assertEquals(1, booking.locations().get("los-angeles").on(DayOfWeek.MONDAY).size());
        assertEquals(2, booking.locations().get("beverly-hills").blockedDates().size());
        assertTrue(booking.blockedDates().contains(java.time.LocalDate.parse("2027-11-25")));

        PageForm add = PageForm.of(owner.postFields(BASE + "/booking", add(open(owner, "booking").pairs(), "action", "addRow")).body(),
                "class=\"settings-form\"");
        add.set("booking.types[2].name", "Video consultation, 20 min").set("booking.types[2].minutes", "20")
                .set("booking.types[2].mode", "phone");
        List<Map.Entry<String, String>> fields = add(add.pairs(), "booking.types[2].locations", "beverly-hills");
        HttpResponse<String> r = owner.postFields(BASE + "/booking", fields);
        assertEquals(303, r.statusCode(), r.body());
        var type = demo().booking().type("video-consultation-20-min").orElseThrow();
        assertEquals(List.of("beverly-hills"), type.locations());
        assertEquals(20, type.minutes());
    }

    @Test
    void bookingTurnedOffIsLiveAtOnce() {
        assertEquals(200, server.get("/api/v1/clinics/demo/slots").statusCode());
        saved(owner, "booking", open(owner, "booking").remove("booking.enabled"));
        assertFalse(demo().booking().enabled());
        assertEquals(404, server.get("/api/v1/clinics/demo/slots").statusCode(), "no times are offered any more");
        assertEquals("08:00-12:00, 13:00-18:00", open(owner, "booking").get("booking.locations.los-angeles.hours.mon"),
                "the hours are kept for when it is turned on again");
    }

    // ---- bad values: a clear message next to the field, every value kept, nothing changed ----

    @Test
    void anUnknownTimeZoneIsRefusedNextToItsField() {
        int before = version();
        PageForm f = open(owner, "locations").set("locations[0].timeZone", "Mars/Olympus").set("locations[1].name", "Beverly Hills West");
        HttpResponse<String> r = post(owner, BASE + "/locations", f);
        assertEquals(422, r.statusCode());
        assertEquals("“Mars/Olympus” is not a time zone we know. Choose one like America/Los_Angeles.",
                notes(r.body(), "locations[0].timeZone"));
        assertTrue(r.body().contains("<a href=\"#f-locations-0--timeZone\">"), "the summary links to the field");
        PageForm shown = PageForm.of(r.body(), "class=\"settings-form\"");
        assertEquals("Mars/Olympus", shown.get("locations[0].timeZone"), "the value is kept");
        assertEquals("Beverly Hills West", shown.get("locations[1].name"), "and every other value typed");
        assertEquals(before, version(), "nothing saved");
        assertEquals("America/Los_Angeles", demo().locations().get(0).timeZone());
    }

    @Test
    void aProblemOfARowLandsAtThatRowEvenAfterAnotherWasRemoved() {
        int before = version();
        PageForm f = PageForm.of(owner.postFields(BASE + "/locations", add(open(owner, "locations").pairs(), "action", "addRow")).body(),
                "class=\"settings-form\"");
        f.set("locations[1].remove", "true").set("locations[2].address", "200 Ocean Ave").set("locations[2].timeZone", "America/New_York");
        HttpResponse<String> r = post(owner, BASE + "/locations", f);
        assertEquals(422, r.statusCode());
        assertEquals("This is required.", notes(r.body(), "locations[2].name"), "the new row's name, not the removed row's");
        PageForm shown = PageForm.of(r.body(), "class=\"settings-form\"");
        assertEquals("true", shown.get("locations[1].remove"), "the ticked box stays ticked");
        assertEquals("200 Ocean Ave", shown.get("locations[2].address"));
        assertEquals(before, version());
    }

    @Test
    void aLocationThatIsTheOnlyPlaceOfATypeSaysWhichAndWhatToDoNextToItsRow() {
        ObjectNode onlyThere = ClinicFile.tree(demo());
        ((ObjectNode) onlyThere.get("booking").get("types").get(1)).putArray("locations").add("beverly-hills");
        assertTrue(server.app().clinics().update("demo", onlyThere, version(), Actor.SYSTEM, "booking")
                instanceof ClinicService.Save.Saved);
        int before = version();
        PageForm f = open(owner, "locations").set("locations[1].remove", "true");
        HttpResponse<String> r = post(owner, BASE + "/locations", f);
        assertEquals(422, r.statusCode());
        String said = "“In-person consultation, 30 min” is offered only at Beverly Hills: offer it at another location or"
                + " remove it on the Online booking page, then remove Beverly Hills.";
        String row = notes(r.body(), "locations[1]");
        assertTrue(row.startsWith(said), "next to the row of the location: " + row);
        assertTrue(row.contains("Open the Online booking page"), row);
        String summary = r.body().substring(r.body().indexOf("class=\"error-summary\""), r.body().indexOf("</ul>",
                r.body().indexOf("class=\"error-summary\"")));
        assertTrue(PageForm.unescape(summary).contains("<a href=\"#f-locations-1-\">" + said + "</a>"), "at the top: " + summary);
        assertTrue(summary.contains("href=\"" + BASE + "/booking\""), "with a link to the booking page: " + summary);
        assertFalse(r.body().contains("is not one of the clinic"), "no ids");
        assertEquals(before, version());
    }

    @Test
    void theSameForTheFirstLocation() {
        int before = version();
        PageForm f = open(owner, "locations").set("locations[0].remove", "true"); // the phone type is offered only there
        HttpResponse<String> r = post(owner, BASE + "/locations", f);
        assertEquals(422, r.statusCode());
        assertTrue(notes(r.body(), "locations[0]").startsWith("“Free 15-minute phone consultation” is offered only at Los Angeles:"
                + " offer it at another location or remove it on the Online booking page, then remove Los Angeles."), r.body());
        assertEquals(before, version());
    }

    @Test
    void overlappingHoursAreRefusedNextToTheirDay() {
        int before = version();
        PageForm f = open(owner, "booking").set("booking.locations.los-angeles.hours.tue", "08:00-12:00, 11:00-13:00");
        HttpResponse<String> r = post(owner, BASE + "/booking", f);
        assertEquals(422, r.statusCode());
        assertEquals("“11:00-13:00”: Openings must be in order and must not overlap.",
                notes(r.body(), "booking.locations.los-angeles.hours.tue"));
        assertEquals("08:00-12:00, 11:00-13:00", PageForm.of(r.body(), "class=\"settings-form\"").get("booking.locations.los-angeles.hours.tue"));
        assertEquals(before, version());
    }

    @Test
    void anOriginWithAPathIsRefusedNamingTheBareOrigin() {
        int before = version();
        PageForm f = open(owner, "websites");
        f.set("allowedOrigins", "http://localhost:*\n\nhttps://www.bright-harbor.example/contact-us");
        HttpResponse<String> r = post(owner, BASE + "/websites", f);
        assertEquals(422, r.statusCode());
        assertEquals("Line 3: Enter only the site’s address, without the page: https://www.bright-harbor.example",
                notes(r.body(), "allowedOrigins"));
        assertEquals(before, version());
        assertEquals(List.of("http://127.0.0.1:*", "http://localhost:*"), demo().allowedOrigins());
    }

    @Test
    void aRecipientLineWithAHeaderIsRefused() {
        int before = version();
        PageForm f = open(owner, "recipients").set("recipients.urgent", "oncall@demo-clinic.example\r\nBcc: x@evil.example");
        HttpResponse<String> r = post(owner, BASE + "/recipients", f);
        assertEquals(422, r.statusCode());
        assertEquals("Line 2: “Bcc: x@evil.example” is not a valid email address.", notes(r.body(), "recipients.urgent"));
        assertTrue(PageForm.of(r.body(), "class=\"settings-form\"").get("recipients.urgent").contains("Bcc: x@evil.example"));
        assertEquals(before, version());
        assertEquals(List.of("oncall@demo-clinic.example"), demo().recipients().urgent());
    }

    @Test
    void aColourThatIsNotAColourIsRefused() {
        int before = version();
        HttpResponse<String> r = post(owner, BASE + "/branding", open(owner, "branding").set("brandColor", "teal"));
        assertEquals(422, r.statusCode());
        assertEquals("Enter a colour as # and six hexadecimal digits, like #2f6f73.", notes(r.body(), "brandColor"));
        assertEquals("teal", PageForm.of(r.body(), "class=\"settings-form\"").get("brandColor"));
        assertEquals(before, version());
    }

    @Test
    void aColourUnderAaIsRefusedWithTheNearestOneOfferedInOneClick() {
        int before = version();
        HttpResponse<String> r = post(owner, BASE + "/branding", open(owner, "branding").set("brandColor", "#777777"));
        assertEquals(422, r.statusCode());
        String note = notes(r.body(), "brandColor");
        assertTrue(note.contains("its contrast is 4.4:1") && note.contains("The nearest colour that passes is #767676."), note);
        assertTrue(r.body().contains("<strong>4.4:1</strong> — below WCAG AA"), "the measured contrast of what was typed");
        assertTrue(r.body().contains("<button type=\"submit\" form=\"use-color\" class=\"primary\">Use #767676</button>"),
                "offered as a button");
        assertEquals(before, version());

        PageForm use767676 = PageForm.of(r.body(), "id=\"use-color\"");
        assertEquals("#767676", use767676.get("brandColor"));
        HttpResponse<String> use = owner.postFields(BASE + "/branding", use767676.pairs());
        assertEquals(303, use.statusCode(), use.body());
        assertEquals("#767676", demo().brandColor());
    }

    @Test
    void aTenMegabytePostIsRefusedWithAPageAndChangesNothing() {
        int before = version();
        PageForm f = open(owner, "profile").set("offer", "x".repeat(10 * 1024 * 1024));
        HttpResponse<String> r = post(owner, BASE + "/profile", f);
        assertEquals(413, r.statusCode());
        assertTrue(r.headers().firstValue("Content-Type").orElse("").startsWith("text/html"));
        assertTrue(r.body().contains("Too much to send"), r.body());
        assertEquals(before, version());
    }

    @Test
    void aPostWithoutTheTokenOrFromAnotherSiteIsRefused() {
        int before = version();
        PageForm f = open(owner, "profile").set("offer", "Changed from elsewhere").remove("_csrf");
        assertEquals(403, postWithoutToken(f).statusCode(), "no CSRF token");
        PageForm withToken = open(owner, "profile").set("offer", "Changed from elsewhere");
        assertEquals(403, owner.postFields(BASE + "/profile", withToken.pairs(), "Origin", "https://evil.example").statusCode());
        assertEquals(403, owner.postFields(BASE + "/profile", withToken.pairs(), "Sec-Fetch-Site", "cross-site").statusCode());
        assertEquals(before, version());
        assertTrue(demo().offer().orElseThrow().startsWith("Free consultation"));
    }

    HttpResponse<String> postWithoutToken(PageForm f) {
        Map<String, String> plain = new java.util.LinkedHashMap<>();
        f.pairs().forEach(e -> plain.put(e.getKey(), e.getValue()));
        plain.remove("_csrf");
        return owner.postRaw(BASE + "/profile", plain);
    }

    // ---- two people at once ----

    @Test
    void aChangeOnAnotherPageDoesNotBlockASaveAndBothStay() {
        String otherEmail = "dash-" + System.nanoTime() + "@demo-clinic.example";
        StaffClient other = StaffClient.signedIn(server, otherEmail, Role.OWNER, "demo");
        PageForm mine = open(owner, "profile");
        saved(other, "dashboard", open(other, "dashboard").set("dashboard.idleLogoffMinutes", "20"));

        String page = saved(owner, "profile", mine.set("offer", "Mine: free 20-minute call"));
        assertTrue(page.contains("Saved as version " + version()), page);
        assertTrue(page.contains("Meanwhile " + otherEmail + " changed Sign out after inactivity (minutes) on other pages;"
                + " those stay."), page);
        assertEquals("Mine: free 20-minute call", demo().offer().orElseThrow(), "mine is saved");
        assertEquals(20, demo().dashboard().idleLogoffMinutes(), "theirs stays");
    }

    @Test
    void aStaleSaveOfTheSamePageShowsTheirValuesWhereIChangedNothingAndKeepsWhatITyped() {
        String otherEmail = "manager-" + System.nanoTime() + "@demo-clinic.example";
        StaffClient other = StaffClient.signedIn(server, otherEmail, Role.OWNER, "demo");
        PageForm mine = open(owner, "profile");
        int seen = Integer.parseInt(mine.get("version"));
        saved(other, "profile", open(other, "profile").set("phone", "(310) 555-0100"));

        mine.set("offer", "Mine: free 20-minute call");
        HttpResponse<String> r = post(owner, BASE + "/profile", mine);
        assertEquals(409, r.statusCode());
        String body = r.body();
        assertTrue(body.contains("Someone saved these settings while you were editing"), body);
        assertTrue(body.contains(otherEmail + " saved at "), "who and when");
        assertTrue(body.contains("Phone: “(310) 555-0142” → “(310) 555-0100”"), "which field, old → new");
        assertEquals("Changed meanwhile by " + otherEmail + ": “(310) 555-0142” → “(310) 555-0100”", notes(body, "phone"));
        PageForm shown = PageForm.of(body, "class=\"settings-form\"");
        assertEquals("(310) 555-0100", shown.get("phone"), "a field I did not touch shows their value");
        assertEquals("Mine: free 20-minute call", shown.get("offer"), "what I typed is kept");
        assertFalse(body.contains("field--conflict"), "nobody else changed the offer: no conflict");
        assertEquals(Integer.toString(seen + 1), shown.get("version"), "the form now carries the current version");
        assertEquals("(310) 555-0100", demo().phone(), "their change stays");
        assertTrue(demo().offer().orElseThrow().startsWith("Free consultation"), "mine was not saved");

        saved(owner, "profile", shown); // saving the form as shown
        assertEquals("Mine: free 20-minute call", demo().offer().orElseThrow());
        assertEquals("(310) 555-0100", demo().phone(), "their phone stays");
    }

    @Test
    void aFieldBothChangedIsMarkedAsAConflictWithTheirValueNextToIt() {
        String otherEmail = "rival-" + System.nanoTime() + "@demo-clinic.example";
        StaffClient other = StaffClient.signedIn(server, otherEmail, Role.OWNER, "demo");
        PageForm mine = open(owner, "profile");
        saved(other, "profile", open(other, "profile").set("offer", "Theirs: free call").set("phone", "(310) 555-0100"));

        HttpResponse<String> r = post(owner, BASE + "/profile", mine.set("offer", "Mine: free 20-minute call"));
        assertEquals(409, r.statusCode());
        String body = r.body();
        String note = notes(body, "offer");
        assertTrue(note.contains("Changed meanwhile by " + otherEmail + ": “Free consultation · intake fee waived for new patients”"
                + " → “Theirs: free call”"), "their value next to it: " + note);
        assertTrue(note.contains("You changed it too"), note);
        assertTrue(Pattern.compile("class=\"field field--changed field--conflict\">\\s*<label for=\"f-offer\"").matcher(body).find(),
                "the field is marked as a conflict");
        PageForm shown = PageForm.of(body, "class=\"settings-form\"");
        assertEquals("Mine: free 20-minute call", shown.get("offer"), "what I typed");
        assertEquals("(310) 555-0100", shown.get("phone"), "theirs where I changed nothing");

        saved(owner, "profile", shown);
        assertEquals("Mine: free 20-minute call", demo().offer().orElseThrow(), "my choice, knowingly");
        assertEquals("(310) 555-0100", demo().phone());
    }

    @Test
    void aStaleLocationsPageKeepsTheirRowAndMineWithRowsAsOneField() {
        String otherEmail = "rows-" + System.nanoTime() + "@demo-clinic.example";
        StaffClient other = StaffClient.signedIn(server, otherEmail, Role.OWNER, "demo");
        PageForm mine = open(owner, "locations");
        saved(other, "locations", open(other, "locations").set("locations[1].address", "9500 Brighton Way, Beverly Hills, CA"));

        HttpResponse<String> r = post(owner, BASE + "/locations", mine.set("locations[0].name", "Downtown Los Angeles"));
        assertEquals(409, r.statusCode(), "the same page");
        PageForm shown = PageForm.of(r.body(), "class=\"settings-form\"");
        assertEquals("Downtown Los Angeles", shown.get("locations[0].name"), "my row as I typed it");
        assertEquals("9500 Brighton Way, Beverly Hills, CA", shown.get("locations[1].address"), "their row as they saved it");
        assertFalse(r.body().contains("field--conflict"));
        saved(owner, "locations", shown);
        assertEquals("Downtown Los Angeles", demo().locations().get(0).name());
        assertEquals("9500 Brighton Way, Beverly Hills, CA", demo().locations().get(1).address().orElseThrow());
    }

    @Test
    void removingALocationFromAStalePageClashesOnlyWithChangesToWhatItTakesFromBooking() {
        String otherEmail = "hours-" + System.nanoTime() + "@demo-clinic.example";
        StaffClient other = StaffClient.signedIn(server, otherEmail, Role.OWNER, "demo");
        PageForm mine = open(owner, "locations").set("locations[1].remove", "true");
        saved(other, "booking", open(other, "booking").set("booking.locations.beverly-hills.hours.tue", "10:00-12:00"));
        HttpResponse<String> r = post(owner, BASE + "/locations", mine);
        assertEquals(409, r.statusCode(), "removing Beverly Hills would drop the hours they just changed");
        assertTrue(notes(r.body(), "locations[1].name").contains("You changed it too"), "the removed row is the conflict");
        assertTrue(demo().location("beverly-hills").isPresent());

        PageForm again = open(owner, "locations").set("locations[1].remove", "true");
        saved(other, "booking", open(other, "booking").set("booking.locations.los-angeles.hours.sat", "10:00-13:00"));
        saved(owner, "locations", again);
        assertTrue(demo().location("beverly-hills").isEmpty(), "their change was elsewhere: the removal goes through");
        assertEquals(java.time.LocalTime.of(10, 0), demo().booking().locations().get("los-angeles").on(DayOfWeek.SATURDAY)
                .get(0).from(), "and theirs stays");
    }

    // ---- preview ----

    @Test
    void aPreviewShowsTheUnsavedFormAndStoresNothing() {
        int before = version();
        long audits = count("SELECT count(*) FROM audit_log");
        long mails = count("SELECT count(*) FROM outbox");
        PageForm f = open(owner, "profile").set("offer", "Preview only: free call");
        HttpResponse<String> r = post(owner, BASE + "/profile/preview", f);
        assertEquals(200, r.statusCode(), r.body());
        String src = frameSrc(r.body());
        assertTrue(src.startsWith("/staff/clinics/demo/preview/form?draft="), src);
        assertEquals(2, r.body().split("<iframe ", -1).length - 1, "phone and desktop");
        PageForm back = PageForm.of(r.body(), "class=\"preview-actions\"");
        assertEquals("Preview only: free call", back.get("offer"), "the unsaved values travel back");

        HttpResponse<String> frame = owner.get(src);
        assertEquals(200, frame.statusCode());
        assertTrue(frame.body().contains("Preview only: free call"));
        assertTrue(frame.body().contains("Preview — nothing you enter here is sent"));
        assertTrue(frame.body().contains("class=\"cd-submit\" type=\"submit\" disabled"), "its button is off");
        String csp = frame.headers().firstValue("Content-Security-Policy").orElseThrow();
        assertTrue(csp.contains("frame-ancestors 'self'") && csp.contains("script-src 'self'") && !csp.contains("unsafe-inline"), csp);
        assertEquals("SAMEORIGIN", frame.headers().firstValue("X-Frame-Options").orElseThrow());
        assertFalse(frame.body().contains("data-host-origin="), "it talks to no host page");
        assertFalse(owner.get(src + "&host=" + java.net.URLEncoder.encode("http://localhost:8080", java.nio.charset.StandardCharsets.UTF_8))
                .body().contains("data-host-origin="), "whatever the address says");
        String staffCsp = r.headers().firstValue("Content-Security-Policy").orElseThrow();
        assertTrue(staffCsp.contains("frame-src 'self'") && staffCsp.contains("frame-ancestors 'none'"), staffCsp);

        HttpResponse<String> sent = owner.postFields(src, List.of(Map.entry("name", "Casey"), Map.entry("consent", "true")));
        assertEquals(404, sent.statusCode(), "the preview form goes nowhere");
        assertEquals(before, version(), "no version");
        assertEquals(0, server.leadCount(), "no request");
        assertEquals(mails, count("SELECT count(*) FROM outbox"), "no email");
        assertEquals(audits, count("SELECT count(*) FROM audit_log"), "nothing changed to audit");
        assertTrue(demo().offer().orElseThrow().startsWith("Free consultation"));

        HttpResponse<String> edit = owner.postFields(BASE + "/profile", add(back.pairs(), "action", "edit"));
        assertEquals(200, edit.statusCode());
        assertEquals("Preview only: free call", PageForm.of(edit.body(), "class=\"settings-form\"").get("offer"), "back to editing");
        assertEquals(before, version());
        saved(owner, "profile", back);
        assertEquals("Preview only: free call", demo().offer().orElseThrow(), "or saved from the preview");
    }

    @Test
    void onlyThePagesWhoseSettingsTheFormShowsHaveAPreviewButton() {
        java.util.Set<Section> shown = java.util.Set.of(Section.PROFILE, Section.LOCATIONS, Section.QUESTIONS, Section.BRANDING);
        for (Section s : Section.values()) {
            String body = owner.get(BASE + "/" + s.code()).body();
            assertEquals(shown.contains(s), body.contains("formaction=\"" + BASE + "/" + s.code() + "/preview\""), s.code());
            assertEquals(shown.contains(s), body.contains(">Preview</button>"), s.code());
        }
        PageForm f = open(owner, "recipients").set("recipients.notify", "frontdesk@demo-clinic.example");
        HttpResponse<String> r = post(owner, BASE + "/recipients/preview", f); // a page opened before the button went
        assertEquals(200, r.statusCode());
        assertFalse(r.body().contains("<iframe"), "no form that would not show them");
        assertEquals("frontdesk@demo-clinic.example", PageForm.of(r.body(), "class=\"settings-form\"").get("recipients.notify"),
                "what was typed is kept");
        assertEquals(List.of("intake@demo-clinic.example"), demo().recipients().requests(), "nothing saved");
    }

    @Test
    void aPreviewTokenCannotBeForgedNorUsedForAnotherClinic() {
        String src = frameSrc(post(owner, BASE + "/profile/preview", open(owner, "profile")).body());
        String token = src.substring(src.indexOf("draft=") + 6);
        assertEquals(200, owner.get(src).statusCode());
        for (int at : new int[] {token.length() - 1, token.length() - 10}) { // the signature's last character, and one inside it
            char c = token.charAt(at);
            String forged = token.substring(0, at) + (c == 'A' ? 'B' : 'A') + token.substring(at + 1);
            assertEquals(404, owner.get("/staff/clinics/demo/preview/form?draft=" + forged).statusCode(), forged);
        }
        int dot = token.indexOf('.');
        String otherPayload = "x" + token.substring(1, dot) + token.substring(dot);
        assertEquals(404, owner.get("/staff/clinics/demo/preview/form?draft=" + otherPayload).statusCode());
        assertEquals(404, owner.get("/staff/clinics/demo/preview/form").statusCode());

        StaffClient admin = StaffClient.signedIn(server, "ops-" + System.nanoTime() + "@consultdesk.example", Role.ADMIN);
        assertEquals(200, admin.get(src).statusCode());
        assertEquals(404, admin.get("/staff/clinics/north-shore/preview/form?draft=" + token).statusCode(),
                "a draft of one clinic does not render for another");
    }

    @Test
    void aPreviewOfBadValuesIsTheSectionWithItsProblems() {
        HttpResponse<String> r = post(owner, BASE + "/branding/preview", open(owner, "branding").set("brandColor", "#777777"));
        assertEquals(422, r.statusCode());
        assertTrue(notes(r.body(), "brandColor").contains("#767676"));
        assertFalse(r.body().contains("<iframe"));
    }

    static String frameSrc(String html) {
        Matcher m = Pattern.compile("<iframe src=\"([^\"]+)\"").matcher(html);
        assertTrue(m.find(), html);
        return PageForm.unescape(m.group(1));
    }

    // ---- history and restore ----

    @Test
    void historyListsTheVersionsAndARestoreWorksOnceAndRefusesAStalePage() {
        int first = version();
        saved(owner, "profile", open(owner, "profile").set("offer", "Version A"));
        saved(owner, "profile", open(owner, "profile").set("offer", "Version B"));
        HttpResponse<String> h = owner.get(BASE + "/history");
        assertEquals(200, h.statusCode());
        String page = h.body();
        int newest = page.indexOf("Version " + (first + 2));
        int older = page.indexOf("Version " + (first + 1));
        assertTrue(newest > 0 && older > newest, "newest first");
        assertTrue(page.contains("owner@demo-clinic.example"));
        assertTrue(page.contains("Profile page"));
        assertTrue(page.contains("(command line)"), "the versions saved by clinic import");
        assertTrue(page.contains("“Version A”") && page.contains("“Version B”"));

        PageForm restore = PageForm.of(page, "action=\"" + BASE + "/history/" + first + "/restore\"");
        assertEquals(Integer.toString(first + 2), restore.get("version"));
        HttpResponse<String> r = owner.postFields(BASE + "/history/" + first + "/restore", restore.pairs());
        assertEquals(303, r.statusCode(), r.body());
        assertEquals(BASE + "/history?restored=" + (first + 3), r.headers().firstValue("Location").orElseThrow());
        String after = owner.get(BASE + "/history?restored=" + (first + 3)).body();
        assertTrue(after.contains("Version " + first + " restored, saved as version " + (first + 3)), after);
        assertTrue(after.contains("Restore of version " + first));
        assertTrue(demo().offer().orElseThrow().startsWith("Free consultation"), "the old settings are back");

        HttpResponse<String> again = owner.postFields(BASE + "/history/" + first + "/restore", restore.pairs());
        assertEquals(409, again.statusCode(), "the same page again is stale");
        assertTrue(again.body().contains("The settings changed since you opened this page"), again.body());
        assertEquals(first + 3, version(), "restored once");

        String audit = server.jdbi().withHandle(x -> x.createQuery("SELECT detail FROM audit_log WHERE action ="
                + " 'clinic.settingsChanged' ORDER BY id DESC LIMIT 1").mapTo(String.class).one());
        assertTrue(audit.contains("(restore of version " + first + ")") && audit.contains("offer: “Version B” → “Free consultation"), audit);
        assertEquals(404, owner.postFields(BASE + "/history/99999/restore", restore.set("version", Integer.toString(version())).pairs())
                .statusCode());
    }

    @Test
    void goingBackToAVersionSaysItPutsBackTheWholeClinicAndListsEveryChangeByPage() {
        int first = version();
        saved(owner, "profile", open(owner, "profile").set("offer", "Version A"));
        PageForm sites = open(owner, "websites");
        saved(owner, "websites", sites.set("allowedOrigins", sites.get("allowedOrigins") + "\nhttps://www.bright-harbor.example"));
        saved(owner, "recipients", open(owner, "recipients").set("recipients.escalation", ""));
        int chosen = first + 1; // its own change is the offer line; everything saved after it would go too

        String page = owner.get(BASE + "/history").body();
        String entry = page.substring(page.indexOf("id=\"v" + chosen + "\""), page.indexOf("id=\"v" + first + "\""));
        String confirm = PageForm.unescape(entry.substring(entry.indexOf("<details class=\"confirm\">")).replaceAll("<[^>]+>", " ")
                .replaceAll("\\s+", " "));
        assertTrue(confirm.contains("Go back to this version…"), confirm);
        assertTrue(confirm.contains("This puts back the whole clinic as it was at version " + chosen), confirm);
        assertTrue(confirm.contains("Websites page Websites that may show the form: “http://127.0.0.1:*, http://localhost:*,"
                + " https://www.bright-harbor.example” → “http://127.0.0.1:*, http://localhost:*”"), confirm);
        assertTrue(confirm.contains("Who is told page Escalation: (none) → “medical-director@demo-clinic.example”"), confirm);
        assertFalse(confirm.contains("Offer line"), "the offer line is the same now as in that version: " + confirm);
        assertTrue(confirm.contains("Yes, go back to version " + chosen), confirm);

        PageForm restore = PageForm.of(page, "action=\"" + BASE + "/history/" + chosen + "/restore\"");
        assertEquals(303, owner.postFields(BASE + "/history/" + chosen + "/restore", restore.pairs()).statusCode());
        assertEquals(List.of("http://127.0.0.1:*", "http://localhost:*"), demo().allowedOrigins(), "as the page said");
        assertEquals(List.of("medical-director@demo-clinic.example"), demo().recipients().escalation());
        assertEquals("Version A", demo().offer().orElseThrow());
    }

    // ---- who may open what ----

    static List<String[]> routes() {
        return List.of(new String[] {"GET", BASE}, new String[] {"GET", BASE + "/profile"}, new String[] {"GET", BASE + "/booking"},
                new String[] {"GET", BASE + "/history"}, new String[] {"GET", "/staff/clinics/demo/preview/form?draft=x"},
                new String[] {"POST", BASE + "/profile"}, new String[] {"POST", BASE + "/profile/preview"},
                new String[] {"POST", BASE + "/history/1/restore"});
    }

    static int status(StaffClient c, String[] route) {
        return route[0].equals("GET") ? c.get(route[1]).statusCode()
                : c.post(route[1], Map.of("version", Integer.toString(version()), "offer", "Not mine")).statusCode();
    }

    @Test
    void peopleOfAnotherClinicGet404OnEveryRoute() {
        int before = version();
        for (Role role : List.of(Role.OWNER, Role.STAFF, Role.MARKETING)) {
            StaffClient c = StaffClient.signedIn(server, role.code() + "-north-" + System.nanoTime() + "@north.example", role, "north-shore");
            for (String[] route : routes()) {
                assertEquals(404, status(c, route), role + " of another clinic: " + route[0] + " " + route[1]);
            }
        }
        assertEquals(before, version());
    }

    @Test
    void staffAndMarketingOfTheClinicGet403() {
        int before = version();
        for (Role role : List.of(Role.STAFF, Role.MARKETING)) {
            StaffClient c = StaffClient.signedIn(server, role.code() + "-demo-" + System.nanoTime() + "@demo-clinic.example", role, "demo");
            for (String[] route : routes()) {
                HttpResponse<String> r = route[0].equals("GET") ? c.get(route[1])
                        : c.post(route[1], Map.of("version", Integer.toString(version())));
                assertEquals(403, r.statusCode(), role + ": " + route[0] + " " + route[1]);
                assertTrue(r.body().contains("Your role does not open this page"));
            }
        }
        assertEquals(before, version());
        assertEquals(404, owner.get(BASE + "/no-such-section").statusCode());
        assertEquals(404, owner.get("/staff/clinics/no-such-clinic/settings/profile").statusCode());
    }

    @Test
    void theClinicsPageListsWhatEachPersonMayOpen() {
        String ownerPage = owner.get("/staff/clinics").body();
        assertTrue(ownerPage.contains("Bright Harbor Ketamine &amp; TMS") && !ownerPage.contains("North Shore TMS"), ownerPage);
        assertTrue(ownerPage.contains("href=\"/staff/clinics/demo/settings\"") && ownerPage.contains("href=\"/staff/clinics/demo/team\""));
        assertFalse(ownerPage.contains("href=\"/staff/clinics/new\""), "only admins create clinics");

        StaffClient marketing = StaffClient.signedIn(server, "web-" + System.nanoTime() + "@demo-clinic.example", Role.MARKETING, "demo");
        String m = marketing.get("/staff/clinics").body();
        assertTrue(m.contains("href=\"/staff/clinics/demo/embed\"") && !m.contains("href=\"/staff/clinics/demo/settings\""), m);

        StaffClient staff = StaffClient.signedIn(server, "desk-" + System.nanoTime() + "@demo-clinic.example", Role.STAFF, "demo");
        HttpResponse<String> s = staff.get("/staff/clinics");
        assertEquals(200, s.statusCode());
        assertFalse(s.body().contains("/staff/clinics/demo/"), "nothing staff may open");

        StaffClient admin = StaffClient.signedIn(server, "root-" + System.nanoTime() + "@consultdesk.example", Role.ADMIN);
        String a = admin.get("/staff/clinics").body();
        assertTrue(a.contains("North Shore TMS") && a.contains("Bright Harbor") && a.contains("href=\"/staff/clinics/new\""), a);
        assertEquals(303, admin.get(BASE).statusCode());
        assertEquals(BASE + "/profile", admin.get(BASE).headers().firstValue("Location").orElseThrow());
    }

    @Test
    void everySectionRendersWithTheTabsAndTheClinicsFields() {
        for (Section s : Section.values()) {
            HttpResponse<String> r = owner.get(BASE + "/" + s.code());
            assertEquals(200, r.statusCode(), s.code());
            assertTrue(r.body().contains("class=\"tabs\""), "the clinic's tabs on " + s.code());
            assertTrue(r.body().contains("aria-current=\"page\">" + title(s) + "</a>"), s.code());
            assertTrue(r.body().contains("name=\"version\" value=\"" + version() + "\""), s.code());
        }
    }

    static String title(Section s) {
        return io.consultdesk.i18n.Messages.english().get("settings.section." + s.code());
    }

    static List<Map.Entry<String, String>> add(List<Map.Entry<String, String>> pairs, String name, String value) {
        List<Map.Entry<String, String>> out = new java.util.ArrayList<>(pairs);
        out.add(Map.entry(name, value));
        return out;
    }
}
