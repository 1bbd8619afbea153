package org.matrixregistration.cli.token;

import java.util.Optional;
import org.matrixregistration.cli.CliEnvironment;
import org.matrixregistration.cli.HelpOption;
import org.matrixregistration.cli.ServerTime;
import org.matrixregistration.cli.Session;
import org.matrixregistration.cli.SessionCommand;
import org.matrixregistration.core.admin.AdministerTokens;
import org.matrixregistration.core.admin.CreateOutcome;
import org.matrixregistration.core.admin.Expiry;
import org.matrixregistration.core.admin.NewToken;
import org.matrixregistration.core.token.UsageLimit;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/**
 * {@code generate}: the Python tool's command, same options, same meaning, same output (the
 * token's name and a newline on standard output, nothing else, so {@code TOKEN=$(matrix-registration
 * generate)} keeps working).
 *
 * <p>Without {@code -m} the token is unlimited, as the old tool made it and as the popular Docker
 * guide tells people ("leave the flags off and it will create a token with unlimited uses"): a
 * friend following that guide must not be refused. Because such a link admits anyone who gets
 * hold of it, one line on standard error says so and shows the one-person invite. The newer
 * {@code token create} keeps the safe default of one use.
 */
@Command(
        name = "generate",
        description = {
            "Create an invite token and print its name, and nothing else, on standard output.",
            "",
            "Without options the token admits UNLIMITED registrations and never expires, as in the "
                    + "Python tool; pass -m 1 for an invite for one person.",
            "For a note, an invite link or JSON output, use 'token create'."
        })
final class GenerateCommand extends SessionCommand {
    static final String UNLIMITED_NOTICE = "Note: this token admits unlimited sign-ups and never expires (the old"
            + " default); for an invite for one person run 'generate -m 1'.";

    @Option(
            names = {"-m", "--maximum"},
            paramLabel = "N",
            converter = UsesConverter.class,
            description = "How many registrations the token admits; 0 means unlimited. Default: unlimited.")
    UsageLimit maximum;

    @Option(
            names = {"-e", "--expires"},
            paramLabel = "YYYY-MM-DD",
            converter = ExpiryConverter.class,
            description = {
                "When the token stops working. Default: never.",
                "A date means 00:00 at the start of that day in the server's time zone, as in the Python tool: "
                        + "with -e 2026-12-31 the last day it works is 2026-12-30.",
                "Also accepted: the forms of 'token create --expires'."
            })
    Expiry expires = new Expiry.Never();

    @Mixin
    HelpOption help;

    GenerateCommand(Session session) {
        super(session);
    }

    @Override
    public Integer call() {
        CliEnvironment environment = session.environment();
        NewToken request = new NewToken(Optional.empty(), maximum == null ? UsageLimit.UNLIMITED : maximum,
                expires.resolve(environment.clock(), environment.zone()), "");
        AdministerTokens tokens = environment.tokens();
        CreateOutcome outcome = tokens.create(request);
        if (outcome instanceof CreateOutcome.Created created) {
            println(created.token().name().value());
            if (maximum == null) {
                spec.commandLine().getErr().println(UNLIMITED_NOTICE);
                spec.commandLine().getErr().flush();
            }
            return 0;
        }
        throw TokenCommands.creationRefused(outcome, new ServerTime(environment.zone()), request, tokens);
    }
}
