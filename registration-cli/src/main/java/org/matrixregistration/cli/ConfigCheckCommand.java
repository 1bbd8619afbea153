package org.matrixregistration.cli;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import org.matrixregistration.core.health.HealthReport;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;

/**
 * {@code config check}: everything an admin wants to know before {@code serve} — is the file
 * valid (every problem at once), does the database answer, does the homeserver answer and accept
 * the shared secret — without changing anything.
 */
@Command(
        name = "check",
        description = {
            "Validate the configuration file (reporting every problem, each naming its key), then connect to the "
                    + "database, reach the homeserver and check the registration shared secret without creating "
                    + "an account (with token_store: synapse: that homeserver_admin_token is an admin's and that "
                    + "Synapse's own registration is open and asks for a registration token). Exit code 0 only if "
                    + "everything passes.",
            "",
            "Output: one line per check, 'ok' or 'FAIL', the component and what was found; problems and facts "
                    + "indented below. With --json: {\"config_file\", \"ok\", \"problems\": [], \"time_zone\", "
                    + "\"public_url\", \"token_store\" (unless portal), \"approval_available\", \"checks\": [{\"component\", \"healthy\", \"detail\", \"facts\"}]}."
        })
final class ConfigCheckCommand extends SessionCommand {
    private static final String INDENT = "                  ";

    @Mixin
    OutputOptions output;

    @Mixin
    HelpOption help;

    ConfigCheckCommand(Session session) {
        super(session);
    }

    /** What was found; {@code settings} is empty when the file is unusable and nothing else was checked. */
    private record Findings(Path file, List<String> problems, Optional<Settings> settings, List<HealthReport> checks) {
        boolean ok() {
            return problems.isEmpty() && checks.stream().allMatch(HealthReport::healthy);
        }
    }

    private record Settings(String timeZone, Optional<String> publicUrl, String tokenStore, boolean approval,
            String whyNoApproval) {}

    @Override
    public Integer call() {
        Findings findings = check(session.configFile());
        output.print(() -> json(findings), () -> lines(findings));
        return findings.ok() ? 0 : ErrorReporter.FAILURE;
    }

    private Findings check(Path file) {
        CliEnvironment environment;
        try {
            environment = session.environment();
        } catch (InvalidConfigurationException invalid) {
            return new Findings(file, SafeText.redact(invalid.problems()), Optional.empty(), List.of());
        } catch (CliFailure failure) {
            throw failure;
        } catch (RuntimeException failure) {
            String problem = SafeText.redact("could not start from this file: " + ErrorReporter.describe(failure));
            return new Findings(file, List.of(problem), Optional.empty(), List.of());
        }
        Settings settings = new Settings(
                ServerTime.zoneName(environment.zone()),
                environment.publicUrl().map(Object::toString),
                environment.tokenStoreName(),
                environment.approvalAvailable(),
                environment.approvalUnavailableReason());
        return new Findings(file, List.of(), Optional.of(settings), environment.checkDependencies());
    }

    private static List<String> lines(Findings findings) {
        List<String> lines = new ArrayList<>();
        List<String> problems = findings.problems();
        if (!problems.isEmpty()) {
            String count = problems.size() == 1 ? "1 problem" : problems.size() + " problems";
            lines.add(row(false, "config", findings.file() + " has " + count + ":"));
            problems.forEach(problem -> lines.add(INDENT + SafeText.printable(problem)));
            lines.add("");
            lines.add("Not checked: the database and the homeserver. Fix the configuration first.");
            return lines;
        }
        Settings settings = findings.settings().orElseThrow();
        lines.add(row(true, "config", findings.file() + " is valid"));
        lines.add(INDENT + "time zone: " + settings.timeZone());
        lines.add(INDENT + "public URL: " + settings.publicUrl().orElse("not set (no invite links)"));
        if (!settings.tokenStore().equals("portal")) {
            lines.add(INDENT + "token store: " + settings.tokenStore() + " (Synapse's registration tokens)");
        }
        lines.add(INDENT + "approval: " + (settings.approval() ? "available" : "unavailable (" + settings.whyNoApproval() + ")"));
        for (HealthReport check : findings.checks()) {
            lines.add(row(check.healthy(), check.component(), shown(check.detail())));
            new TreeMap<>(check.facts()).forEach((key, value) -> lines.add(INDENT + key + ": " + shown(value)));
        }
        long failed = findings.checks().stream().filter(check -> !check.healthy()).count();
        lines.add("");
        lines.add(findings.ok() ? "All checks passed." : failed + " of " + (findings.checks().size() + 1) + " checks failed.");
        return lines;
    }

    private static String row(boolean healthy, String component, String detail) {
        return String.format("%-6s%-12s%s", healthy ? "ok" : "FAIL", component, detail);
    }

    private static String shown(String text) {
        return SafeText.redact(SafeText.printable(text));
    }

    private static Map<String, Object> json(Findings findings) {
        Map<String, Object> json = new LinkedHashMap<>();
        json.put("config_file", findings.file().toString());
        json.put("ok", findings.ok());
        json.put("problems", findings.problems());
        findings.settings().ifPresent(settings -> {
            json.put("time_zone", settings.timeZone());
            json.put("public_url", settings.publicUrl().orElse(null));
            if (!settings.tokenStore().equals("portal")) {
                json.put("token_store", settings.tokenStore());
            }
            json.put("approval_available", settings.approval());
        });
        List<Object> checks = new ArrayList<>();
        for (HealthReport check : findings.checks()) {
            Map<String, Object> checkJson = new LinkedHashMap<>();
            checkJson.put("component", check.component());
            checkJson.put("healthy", check.healthy());
            checkJson.put("detail", SafeText.redact(check.detail()));
            Map<String, Object> facts = new LinkedHashMap<>();
            new TreeMap<>(check.facts()).forEach((key, value) -> facts.put(key, SafeText.redact(value)));
            checkJson.put("facts", facts);
            checks.add(checkJson);
        }
        json.put("checks", checks);
        return json;
    }
}
