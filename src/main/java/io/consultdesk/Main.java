package io.consultdesk;

import io.consultdesk.clinic.Clinic;
import io.consultdesk.clinic.ClinicFile;
import io.consultdesk.clinic.ClinicService;
import io.consultdesk.db.Database;
import io.consultdesk.audit.AuditLog;
import io.consultdesk.i18n.Messages;
import io.consultdesk.staff.Passwords;
import io.consultdesk.staff.Role;
import io.consultdesk.staff.StaffService;
import io.consultdesk.staff.StaffUser;
import java.io.IOException;
import java.io.InputStream;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.Map;

/**
 * The command line: no arguments (or {@code serve}) runs the server; {@code demo} runs it with the demo clinic
 * (as dev mode does), listening on this machine only unless CONSULTDESK_BIND says; {@code clinic import FILE.json} and
 * {@code clinic export SLUG} manage clinic settings until the settings pages exist; {@code staff add}
 * creates dashboard accounts.
 */
public final class Main {
    private Main() {}

    public static void main(String[] args) {
        System.exit(run(args, System.getenv(), System.in, System.out, System.err));
    }

    static int run(String[] args, Map<String, String> env, PrintStream out, PrintStream err) {
        return run(args, env, InputStream.nullInputStream(), out, err);
    }

    static int run(String[] args, Map<String, String> env, InputStream in, PrintStream out, PrintStream err) {
        boolean demo = args.length == 1 && args[0].equals("demo");
        Config config;
        try {
            config = Config.fromEnv(env, demo);
        } catch (Config.Invalid e) {
            err.println("Configuration error: " + e.getMessage());
            return 2;
        }
        if (args.length == 0 || (args.length == 1 && args[0].equals("serve")) || demo) {
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
        if (args.length >= 2 && args[0].equals("staff") && args[1].equals("add")) {
            return addStaff(config, java.util.Arrays.copyOfRange(args, 2, args.length), in, out, err);
        }
        err.println(USAGE);
        return 64;
    }

    private static final String USAGE = """
            Usage:
              java -jar consultdesk.jar                       run the server
              java -jar consultdesk.jar demo                  run it with the demo clinic at /demo, for this
                                                              machine only (try it out; not for production)
              java -jar consultdesk.jar clinic import FILE    create or update a clinic from a JSON file
              java -jar consultdesk.jar clinic export SLUG    print a clinic's settings as JSON
              java -jar consultdesk.jar staff add --email E --role admin|owner|staff|marketing [--clinic SLUG ...]
                                                              create or update a dashboard account; the
                                                              password is read from standard input""";

    private static int addStaff(Config config, String[] args, InputStream in, PrintStream out, PrintStream err) {
        String email = null;
        Optional<Role> role = Optional.empty();
        List<String> clinics = new ArrayList<>();
        for (int i = 0; i < args.length; i++) {
            String value = i + 1 < args.length ? args[i + 1] : null;
            switch (args[i]) {
                case "--email" -> email = value;
                case "--role" -> role = value == null ? Optional.empty() : Role.of(value);
                case "--clinic" -> {
                    if (value != null) {
                        clinics.add(value);
                    }
                }
                default -> {
                    err.println("Unknown option " + args[i] + "\n" + USAGE);
                    return 64;
                }
            }
            i++;
        }
        if (email == null || role.isEmpty()) {
            err.println("staff add needs --email and --role admin|owner|staff|marketing\n" + USAGE);
            return 64;
        }
        String password = readPassword(in, out);
        if (password == null) {
            err.println("No password given on standard input.");
            return 65;
        }
        Database db = Database.open(config.databaseFile(), config.sealer());
        StaffService staff = new StaffService(db, new AuditLog(db, Clock.systemUTC()), Clock.systemUTC());
        StaffService.AddUser result = staff.addUser(email, role.get(), clinics, password);
        if (result instanceof StaffService.AddUser.Rejected rejected) {
            err.println(rejected.args().isEmpty() ? Messages.english().get(rejected.messageKey(), Passwords.MIN_LENGTH)
                    : Messages.english().get(rejected.messageKey(), rejected.args().toArray()));
            return 65;
        }
        StaffService.AddUser.Saved saved = (StaffService.AddUser.Saved) result;
        StaffUser user = saved.user();
        String others = user.roles().entrySet().stream().filter(e -> !clinics.contains(e.getKey()))
                .map(e -> e.getValue().code() + " of " + e.getKey()).collect(java.util.stream.Collectors.joining(", "));
        out.println((saved.created() ? "Created " : "Updated ") + (user.isAdmin() ? "admin " + user.email() + " (all clinics)"
                : role.get().code() + " " + user.email() + " for " + String.join(", ", clinics.stream().distinct().sorted().toList())
                + (others.isEmpty() ? "" : " (still " + others + ")")) + ". Sign in at /staff.");
        return 0;
    }

    /** From a terminal: asked twice without echo. Piped: the first line of standard input. */
    private static String readPassword(InputStream in, PrintStream out) {
        java.io.Console console = System.console();
        if (console != null && in == System.in) {
            char[] first = console.readPassword("Password (at least %d characters): ", Passwords.MIN_LENGTH);
            char[] second = console.readPassword("The same password again: ");
            if (first == null || second == null || !java.util.Arrays.equals(first, second)) {
                out.println("The two passwords differ.");
                return null;
            }
            return new String(first);
        }
        try {
            String line = new java.io.BufferedReader(new java.io.InputStreamReader(in, StandardCharsets.UTF_8)).readLine();
            return line == null || line.isEmpty() ? null : line;
        } catch (IOException e) {
            return null;
        }
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
        boolean created;
        try {
            created = new ClinicService(Database.open(config.databaseFile(), config.sealer()), Clock.systemUTC())
                    .importFile(clinic, StaffService.COMMAND_LINE);
        } catch (ClinicFile.Invalid e) { // valid as a file, but not for this clinic's data (e.g. a location in use)
            err.println(file + " was not imported:");
            e.problems().forEach(p -> err.println("  " + p));
            return 65;
        }
        out.println((created ? "Created" : "Updated") + " clinic \"" + clinic.slug() + "\" (" + clinic.name() + ").");
        return 0;
    }

    private static int exportClinic(Config config, String slug, PrintStream out, PrintStream err) {
        var clinic = new ClinicService(Database.open(config.databaseFile(), config.sealer()), Clock.systemUTC()).find(slug);
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
