package org.matrixregistration.cli;

import java.util.Optional;
import java.util.concurrent.Callable;
import org.matrixregistration.core.admin.CreateOutcome;
import org.matrixregistration.core.admin.NewToken;
import org.matrixregistration.core.token.UsageLimit;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;

/**
 * {@code generate}: the Python tool's command, same options, same output (the token's name and a
 * newline, nothing else, so {@code TOKEN=$(matrix-registration generate)} keeps working). Only
 * the default changed: one use instead of unlimited, because a link that leaks should not open
 * the server to everyone; {@code -m 0} still makes an unlimited token.
 */
@Command(
        name = "generate",
        description = {
            "Create an invite token and print its name, and nothing else, on standard output.",
            "",
            "Without options the token admits ONE registration and never expires. (The Python "
                    + "tool's default was unlimited uses; pass -m 0 for that.)",
            "For a note, an invite link or JSON output, use 'token create'."
        })
final class GenerateCommand implements Callable<Integer> {
    private final Session session;

    @Spec
    CommandSpec spec;

    @Option(
            names = {"-m", "--maximum"},
            paramLabel = "N",
            converter = UsesConverter.class,
            description = "How many registrations the token admits; 0 means unlimited. Default: 1.")
    UsageLimit maximum = UsageLimit.of(1);

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
        this.session = session;
    }

    @Override
    public Integer call() {
        CliEnvironment environment = session.environment();
        NewToken request = new NewToken(
                Optional.empty(), maximum, expires.resolve(environment.clock(), environment.zone()), "");
        CreateOutcome outcome = environment.tokens().create(request);
        if (outcome instanceof CreateOutcome.Created created) {
            spec.commandLine().getOut().println(created.token().name().value());
            spec.commandLine().getOut().flush();
            return 0;
        }
        throw Commands.creationRefused(outcome, TokenViews.of(environment), request);
    }
}
