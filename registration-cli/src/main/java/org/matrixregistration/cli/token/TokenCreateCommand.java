package org.matrixregistration.cli.token;

import java.util.List;
import java.util.Optional;
import org.matrixregistration.cli.CliEnvironment;
import org.matrixregistration.cli.HelpOption;
import org.matrixregistration.cli.OutputOptions;
import org.matrixregistration.cli.Session;
import org.matrixregistration.cli.SessionCommand;
import org.matrixregistration.core.admin.AdministerTokens;
import org.matrixregistration.core.admin.CreateOutcome;
import org.matrixregistration.core.admin.Expiry;
import org.matrixregistration.core.admin.NewToken;
import org.matrixregistration.core.token.TokenName;
import org.matrixregistration.core.token.UsageLimit;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/** {@code token create}: a new token with a limit, an expiry, a note and optionally a chosen name. */
@Command(
        name = "create",
        description = {
            "Create an invite token and show it, with its invite link when the portal's public URL is configured.",
            "",
            "Output: 'Name:', 'State:', 'Uses:', 'Expires:', 'Created:', 'Note:' and 'Approval:' (if any) and 'Invite link:' (if "
                    + "known) lines; with --json the token object (see 'status --help')."
        })
final class TokenCreateCommand extends SessionCommand {
    @Option(names = "--uses", paramLabel = "N", converter = UsesConverter.class,
            description = "How many registrations the token admits; 0 or 'unlimited' for no limit. Default: 1.")
    UsageLimit uses = UsageLimit.of(1);

    @Option(names = "--expires", paramLabel = "WHEN", converter = ExpiryConverter.class,
            description = {
                "When the token stops working. Default: never.",
                "  2026-12-31         00:00 that day, server time",
                "                     (so the 30th is its last day)",
                "  2026-12-31T18:00   server time",
                "  2026-12-31T18:00+01:00",
                "  30m, 12h, 7d, 2w   from now",
                "  never"
            })
    Expiry expires = new Expiry.Never();

    @Option(names = "--note", paramLabel = "TEXT",
            description = "A note for admins, e.g. who the token is for (at most 1000 characters).")
    String note = "";

    @Option(names = "--name", paramLabel = "NAME", converter = TokenNameConverter.class,
            description = "Choose the name instead of generating one: 1 to 64 characters from A-Z a-z 0-9 . _ ~ -. "
                    + "The name is the secret in the invite link: a guessable one lets anyone register.")
    TokenName name;

    @Option(names = "--approval", negatable = true,
            description = "Sign-ups with this token wait for an admin's approval ('requests approve'); the account "
                    + "is made at once but locked until then. Needs homeserver_admin_token. Default: --no-approval.")
    boolean approval;

    @Mixin
    OutputOptions output;

    @Mixin
    HelpOption help;

    TokenCreateCommand(Session session) {
        super(session);
    }

    @Override
    public Integer call() {
        requireAtMost("--note", note, NewToken.MAX_NOTE_LENGTH);
        CliEnvironment environment = session.environment();
        NewToken request = new NewToken(
                Optional.ofNullable(name), uses, expires.resolve(environment.clock(), environment.zone()), note, approval);
        AdministerTokens tokens = environment.tokens();
        CreateOutcome outcome = tokens.create(request);
        TokenViews views = TokenViews.of(environment);
        if (outcome instanceof CreateOutcome.Created created) {
            output.print(() -> views.json(created.token(), List.of()), () -> views.details(created.token()));
            return 0;
        }
        throw TokenCommands.creationRefused(outcome, views.times(), request, tokens);
    }
}
