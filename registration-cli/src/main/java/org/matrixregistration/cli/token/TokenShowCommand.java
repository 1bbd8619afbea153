package org.matrixregistration.cli.token;

import java.util.ArrayList;
import java.util.List;
import org.matrixregistration.cli.CliEnvironment;
import org.matrixregistration.cli.HelpOption;
import org.matrixregistration.cli.OutputOptions;
import org.matrixregistration.cli.Session;
import org.matrixregistration.core.admin.AdministerTokens;
import org.matrixregistration.core.token.InviteToken;
import org.matrixregistration.core.token.TokenUse;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;

/** {@code token show NAME}: one token's details and the registrations made with it. */
@Command(
        name = "show",
        description = {
            "Show one token's details and its recorded uses.",
            "",
            "Output: 'Name:', 'State:', 'Uses:', 'Expires:', 'Created:', 'Note:' (if any) and 'Invite link:' (if "
                    + "known) lines, a blank line, then a table of uses (USED AT, USER, CLIENT ADDRESS; '-' where "
                    + "unknown, as for uses imported from the Python tool). With --json the token object (see "
                    + "'status --help') with \"uses\": [{\"user_id\", \"used_at\", \"client_address\"}]."
        })
final class TokenShowCommand extends TokenNameCommand {
    @Mixin
    OutputOptions output;

    @Mixin
    HelpOption help;

    TokenShowCommand(Session session) {
        super(session);
    }

    @Override
    public Integer call() {
        CliEnvironment environment = session.environment();
        AdministerTokens tokens = environment.tokens();
        InviteToken token = tokens.get(name).orElseThrow(this::noSuchToken);
        List<TokenUse> uses = TokenCommands.usesOf(tokens, token);
        TokenViews views = TokenViews.of(environment);
        output.print(() -> views.jsonWithUses(token, uses), () -> {
            List<String> lines = new ArrayList<>(views.details(token));
            lines.add("");
            lines.addAll(views.usesTable(uses));
            return lines;
        });
        return 0;
    }
}
