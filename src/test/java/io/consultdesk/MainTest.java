package io.consultdesk;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.consultdesk.clinic.ClinicFile;
import io.consultdesk.clinic.ClinicService;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The command line, on a real database file. */
class MainTest {
    @TempDir
    Path dir;

    record Run(int code, String out, String err) {}

    Run run(String... args) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        int code = Main.run(args, Map.of("CONSULTDESK_DATA_DIR", dir.resolve("data").toString()),
                new PrintStream(out, true, StandardCharsets.UTF_8), new PrintStream(err, true, StandardCharsets.UTF_8));
        return new Run(code, out.toString(StandardCharsets.UTF_8), err.toString(StandardCharsets.UTF_8));
    }

    @Test
    void importCreatesThenUpdatesAndExportPrintsTheSameFile() throws Exception {
        String file = ClinicFile.write(ClinicService.demoClinic())
                .replace("\"slug\" : \"demo\"", "\"slug\" : \"sunrise-tms\"")
                .replace("Bright Harbor Ketamine & TMS", "Sunrise TMS");
        Path json = Files.writeString(dir.resolve("sunrise.json"), file);

        Run created = run("clinic", "import", json.toString());
        assertEquals(0, created.code(), created.err());
        assertEquals("Created clinic \"sunrise-tms\" (Sunrise TMS).\n", created.out());

        Files.writeString(json, file.replace("Sunrise TMS", "Sunrise TMS & Ketamine"));
        Run updated = run("clinic", "import", json.toString());
        assertEquals("Updated clinic \"sunrise-tms\" (Sunrise TMS & Ketamine).\n", updated.out());

        Run exported = run("clinic", "export", "sunrise-tms");
        assertEquals(0, exported.code());
        assertEquals(Files.readString(json), exported.out());
    }

    @Test
    void anInvalidFileIsRefusedWithTheFieldNamedAndNothingChanges() throws Exception {
        String file = ClinicFile.write(ClinicService.demoClinic()).replace("America/Los_Angeles", "Pacific/Nowhere");
        Path json = Files.writeString(dir.resolve("bad.json"), file);
        Run r = run("clinic", "import", json.toString());
        assertEquals(65, r.code());
        assertTrue(r.err().contains("locations[0].timeZone: “Pacific/Nowhere” is not a time zone we know."), r.err());
        assertEquals(1, run("clinic", "export", "demo").code(), "nothing was saved");
    }

    @Test
    void aReservedAddressNameIsRefusedForANewClinicWhileTheDemoFileStillImports() throws Exception {
        String file = ClinicFile.write(ClinicService.demoClinic()).replace("\"slug\" : \"demo\"", "\"slug\" : \"admin\"");
        Path json = Files.writeString(dir.resolve("admin.json"), file);
        Run r = run("clinic", "import", json.toString());
        assertEquals(65, r.code(), r.out());
        assertTrue(r.err().contains("slug: “admin” cannot be a clinic’s address name: Consultdesk uses it for its own pages."), r.err());
        assertEquals(1, run("clinic", "export", "admin").code(), "nothing was saved");

        Path demo = Files.writeString(dir.resolve("demo.json"), ClinicFile.write(ClinicService.demoClinic()));
        assertEquals(0, run("clinic", "import", demo.toString()).code(), "the demo clinic's own file");
        assertEquals(0, run("clinic", "import", demo.toString()).code(), "and again, as an update");
    }

    @Test
    void exportOfAnUnknownClinicFails() {
        Run r = run("clinic", "export", "ghost");
        assertEquals(1, r.code());
        assertEquals("No clinic with slug \"ghost\".\n", r.err());
    }

    @Test
    void aBadVariableStopsStartUpNamingIt() {
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        int code = Main.run(new String[0], Map.of("CONSULTDESK_PORT", "abc"), System.out,
                new PrintStream(err, true, StandardCharsets.UTF_8));
        assertEquals(2, code);
        assertTrue(err.toString(StandardCharsets.UTF_8).contains("CONSULTDESK_PORT=abc is not valid"));
    }

    @Test
    void unknownCommandsPrintUsage() {
        Run r = run("launch", "rockets");
        assertEquals(64, r.code());
        assertTrue(r.err().contains("clinic import FILE"));
        assertTrue(r.err().contains("consultdesk.jar demo"), "the demo is a command of its own: " + r.err());
        assertEquals(64, run("demo", "now").code(), "demo takes nothing after it");
    }

    @Test
    void theDemoCommandStopsOnABadVariableLikeAnyStart() {
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        int code = Main.run(new String[] {"demo"}, Map.of("CONSULTDESK_BIND", "every interface"), System.out,
                new PrintStream(err, true, StandardCharsets.UTF_8));
        assertEquals(2, code);
        assertTrue(err.toString(StandardCharsets.UTF_8).contains("CONSULTDESK_BIND=every interface is not valid"), err.toString());
    }
}
