package org.matrixregistration.cli.token;

import java.util.List;
import org.matrixregistration.cli.CliEnvironment;
import org.matrixregistration.cli.HelpOption;
import org.matrixregistration.cli.OutputOptions;
import org.matrixregistration.cli.Session;
import org.matrixregistration.cli.SessionCommand;
import org.matrixregistration.core.admin.AdministerTokens;
import org.matrixregistration.core.token.InviteToken;
import org.matrixregistration.core.token.TokenQuery;
import picocli.CommandLine.ArgGroup;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/** {@code token list}: every token, oldest first, as a table or JSON. */
@Command(
        name = "list",
        description = {
            "List invite tokens, oldest first.",
            "",
            "Output: a table with the columns NAME, STATE (active, disabled, expired, used up), USES (used/limit, "
                    + "and registrations in flight), EXPIRES (server time, or never) and NOTE, then a summary "
                    + "line; 'No tokens.' when there are none. With --json an array of token objects (see "
                    + "'status --help')."
        })
final class TokenListCommand extends SessionCommand {
    @ArgGroup(exclusive = true, multiplicity = "0..1")
    Filter filter;

    static final class Filter {
        @Option(names = "--active", description = "Only tokens that admit a registration now.")
        boolean active;

        @Option(names = "--inactive", description = "Only tokens that do not: disabled, expired or used up.")
        boolean inactive;
    }

    @Mixin
    OutputOptions output;

    @Mixin
    HelpOption help;

    TokenListCommand(Session session) {
        super(session);
    }

    @Override
    public Integer call() {
        CliEnvironment environment = session.environment();
        AdministerTokens tokens = environment.tokens();
        List<InviteToken> listed = TokenCommands.allTokens(tokens, activity());
        TokenViews views = TokenViews.of(environment);
        output.print(() -> TokenCommands.jsonOf(tokens, views, listed), () -> views.table(listed));
        return 0;
    }

    private TokenQuery.Status activity() {
        if (filter == null) {
            return TokenQuery.Status.ALL;
        }
        return filter.active ? TokenQuery.Status.ACTIVE : TokenQuery.Status.INACTIVE;
    }
}
