package io.consultdesk;

import io.consultdesk.clinic.Clinic;
import io.consultdesk.clinic.ClinicFile;
import io.consultdesk.clinic.ClinicService;
import io.consultdesk.db.Database;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.Map;

/**
 * The command line: no arguments (or {@code serve}) runs the server; {@code clinic import FILE.json} and
 * {@code clinic export SLUG} manage clinic settings until the settings pages exist.
 */
public final class Main {
    private Main() {}

    public static void main(String[] args) {
        System.exit(run(args, System.getenv(), System.out, System.err));
    }

    static int run(String[] args, Map<String, String> env, PrintStream out, PrintStream err) {
        Config config;
        try {
            config = Config.fromEnv(env);
        } catch (Config.Invalid e) {
            err.println("Configuration error: " + e.getMessage());
            return 2;
        }
        if (args.length == 0 || (args.length == 1 && args[0].equals("serve"))) {
            App app = new App(config, Clock.systemUTC()).start();
            Runtime.getRuntime().addShutdownHook(new Thread(app::stop, "consultdesk-shutdown"));
            return waitForever();
        }
        if (args.length == 3 && args[0].equals("clinic") && args[1].equals("import")) {
            return importClinic(config, Path.of(args[2]), out, err);
        }
        if (args.length == 3 && args[0].equals("clinic") && args[1].equals("export")) {
            return exportClinic(config, args[2], out, err);
        }
        err.println("""
                Usage:
                  java -jar consultdesk.jar                       run the server
                  java -jar consultdesk.jar clinic import FILE    create or update a clinic from a JSON file
                  java -jar consultdesk.jar clinic export SLUG    print a clinic's settings as JSON""");
        return 64;
    }

    private static int importClinic(Config config, Path file, PrintStream out, PrintStream err) {
        String json;
        try {
            json = Files.readString(file, StandardCharsets.UTF_8);
        } catch (IOException e) {
            err.println("Cannot read " + file + ": " + e.getMessage());
            return 66;
        }
        Clinic clinic;
        try {
            clinic = ClinicFile.parse(json);
        } catch (ClinicFile.Invalid e) {
            err.println(file + " was not imported:");
            e.problems().forEach(p -> err.println("  " + p));
            return 65;
        }
        boolean created = new ClinicService(Database.open(config.databaseFile()), Clock.systemUTC()).save(clinic);
        out.println((created ? "Created" : "Updated") + " clinic \"" + clinic.slug() + "\" (" + clinic.name() + ").");
        return 0;
    }

    private static int exportClinic(Config config, String slug, PrintStream out, PrintStream err) {
        var clinic = new ClinicService(Database.open(config.databaseFile()), Clock.systemUTC()).find(slug);
        if (clinic.isEmpty()) {
            err.println("No clinic with slug \"" + slug + "\".");
            return 1;
        }
        out.print(ClinicFile.write(clinic.get()));
        return 0;
    }

    private static int waitForever() {
        try {
            Thread.currentThread().join();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        return 0;
    }
}
