package org.matrixregistration.cli.token;

import java.util.List;
import java.util.Map;
import org.matrixregistration.cli.CliEnvironment;
import org.matrixregistration.cli.HelpOption;
import org.matrixregistration.cli.OutputOptions;
import org.matrixregistration.cli.Session;
import org.matrixregistration.cli.SessionCommand;
import org.matrixregistration.core.admin.AdministerTokens;
import org.matrixregistration.core.token.InviteToken;
import org.matrixregistration.core.token.TokenName;
import org.matrixregistration.core.token.TokenQuery;
import picocli.CommandLine.ArgGroup;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/** {@code status}: the Python tool's command to show, list or disable tokens. */
@Command(
        name = "status",
        description = {
            "Show, list or disable invite tokens (the Python tool's command; see also 'token').",
            "",
            "Output, stable for scripts:",
            "-s TOKEN prints 'This token is valid', or 'This token is not valid (REASON)' with REASON one of "
                    + "disabled, expired, used up; then the token as a JSON object.",
            "-l prints a table with the columns NAME, STATE, USES (used/limit), EXPIRES (server time) and NOTE, "
                    + "then a summary line; 'No tokens.' when there are none.",
            "-d TOKEN prints 'Token disabled' (also when it already was).",
            "An unknown token is an error (exit code 1). Token names are case-sensitive.",
            "",
            "With --json, -s and -d print only the token object and -l an array of them. A token object has "
                    + "name, used, expiration_date (\"YYYY-MM-DD HH:MM:SS\", server time, or null), max_usage "
                    + "(0: unlimited), ips, disabled, active, note, created_at and expires_at (ISO-8601, UTC), "
                    + "and invite_url when a public URL is configured."
        })
final class StatusCommand extends SessionCommand {
    @ArgGroup(exclusive = true, multiplicity = "1")
    Action action;

    static final class Action {
        @Option(names = {"-s", "--status"}, paramLabel = "TOKEN", converter = TokenNameConverter.class,
                description = "Say whether the token is valid and show its details.")
        TokenName show;

        @Option(names = {"-l", "--list"}, description = "List all tokens.")
        boolean list;

        @Option(names = {"-d", "--disable"}, paramLabel = "TOKEN", converter = TokenNameConverter.class,
                description = "Disable the token: it admits no more registrations.")
        TokenName disable;
    }

    @Mixin
    OutputOptions output;

    @Mixin
    HelpOption help;

    StatusCommand(Session session) {
        super(session);
    }

    @Override
    public Integer call() {
        CliEnvironment environment = session.environment();
        AdministerTokens tokens = environment.tokens();
        TokenViews views = TokenViews.of(environment);
        if (action.disable != null) {
            disable(tokens, views);
        } else if (action.show != null) {
            show(tokens, views);
        } else {
            list(tokens, views);
        }
        return 0;
    }

    private void disable(AdministerTokens tokens, TokenViews views) {
        InviteToken disabled = tokens.disable(action.disable).orElseThrow(() -> TokenCommands.noSuchToken(action.disable));
        output.print(() -> views.json(disabled, TokenCommands.usesOf(tokens, disabled)), () -> List.of("Token disabled"));
    }

    /** The Python tool printed the verdict and then the token as JSON; with --json only the JSON. */
    private void show(AdministerTokens tokens, TokenViews views) {
        InviteToken token = tokens.get(action.show).orElseThrow(() -> TokenCommands.noSuchToken(action.show));
        Map<String, Object> json = views.json(token, TokenCommands.usesOf(tokens, token));
        String state = views.state(token);
        String verdict = state.equals(TokenViews.ACTIVE) ? "This token is valid" : "This token is not valid (" + state + ")";
        output.print(() -> json, () -> List.of(verdict, OutputOptions.json(json)));
    }

    private void list(AdministerTokens tokens, TokenViews views) {
        List<InviteToken> all = TokenCommands.allTokens(tokens, TokenQuery.Status.ALL);
        output.print(() -> TokenCommands.jsonOf(tokens, views, all), () -> views.table(all));
    }
}
