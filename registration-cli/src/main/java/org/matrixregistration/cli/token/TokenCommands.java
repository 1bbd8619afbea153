package org.matrixregistration.cli.token;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import org.matrixregistration.cli.CliFailure;
import org.matrixregistration.cli.ServerTime;
import org.matrixregistration.cli.Session;
import org.matrixregistration.core.admin.AdministerTokens;
import org.matrixregistration.core.admin.CreateOutcome;
import org.matrixregistration.core.admin.NewToken;
import org.matrixregistration.core.token.InviteToken;
import org.matrixregistration.core.token.Page;
import org.matrixregistration.core.token.TokenName;
import org.matrixregistration.core.token.TokenQuery;
import org.matrixregistration.core.token.TokenUse;
import picocli.CommandLine;

/**
 * The token commands for the command tree ({@code generate}, {@code status} and {@code token ...}),
 * the one door to this package, and what those commands share.
 */
public final class TokenCommands {
    private TokenCommands() {}

    /** The Python tool's {@code generate}. */
    public static Callable<Integer> generate(Session session) {
        return new GenerateCommand(session);
    }

    /** The Python tool's {@code status}. */
    public static Callable<Integer> status(Session session) {
        return new StatusCommand(session);
    }

    /** {@code token} with its subcommands. */
    public static CommandLine token(Session session) {
        return new CommandLine(new TokenCommand())
                .addSubcommand(new TokenCreateCommand(session))
                .addSubcommand(new TokenListCommand(session))
                .addSubcommand(new TokenShowCommand(session))
                .addSubcommand(new TokenUpdateCommand(session))
                .addSubcommand(new TokenDisableCommand(session))
                .addSubcommand(new TokenDeleteCommand(session))
                .addSubcommand(new TokenMigrateCommand(session));
    }

    static CliFailure noSuchToken(TokenName name) {
        return new CliFailure("No token named " + name.value() + " (token names are case-sensitive)");
    }

    /** The token's recorded uses, oldest first. */
    static List<TokenUse> usesOf(AdministerTokens tokens, InviteToken token) {
        return tokens.uses(token.name()).orElse(List.of());
    }

    /** Every token with the given status, oldest first, page by page. */
    static List<InviteToken> allTokens(AdministerTokens tokens, TokenQuery.Status status) {
        List<InviteToken> all = new ArrayList<>();
        TokenQuery query = TokenQuery.all().withStatus(status);
        Page<InviteToken> page = tokens.list(query);
        all.addAll(page.items());
        while (page.next().isPresent()) {
            page = tokens.list(query.after(page.next().get()));
            all.addAll(page.items());
        }
        return all;
    }

    /** The recorded uses of each token, oldest first, asked for in one go. */
    static List<Object> jsonOf(AdministerTokens tokens, TokenViews views, List<InviteToken> listed) {
        Map<TokenName, List<TokenUse>> uses = new HashMap<>();
        for (int from = 0; from < listed.size(); from += TokenQuery.MAX_LIMIT) {
            uses.putAll(tokens.uses(listed.subList(from, Math.min(listed.size(), from + TokenQuery.MAX_LIMIT)).stream()
                    .map(InviteToken::name).toList()));
        }
        return listed.stream().map(token -> (Object) views.json(token, uses.getOrDefault(token.name(), List.of()))).toList();
    }

    /** Why core refused to create a token, as a failure for the admin. */
    static CliFailure creationRefused(CreateOutcome outcome, ServerTime times, NewToken request, AdministerTokens tokens) {
        if (outcome instanceof CreateOutcome.NameTaken taken) {
            return new CliFailure("A token named " + taken.name().value() + " exists already; choose another --name");
        }
        if (outcome instanceof CreateOutcome.ApprovalUnavailable) {
            return new CliFailure("Cannot require approval: " + tokens.approvalUnavailableReason());
        }
        return new CliFailure("The expiry " + request.expiresAt().map(times::formatWithZone).orElse("")
                + " has passed already, so the token could never be used");
    }
}
