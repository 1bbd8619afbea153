package org.matrixregistration.cli;

import java.io.PrintWriter;
import java.util.ArrayList;
import java.util.List;
import org.matrixregistration.core.admin.AdministerTokens;
import org.matrixregistration.core.admin.CreateOutcome;
import org.matrixregistration.core.admin.NewToken;
import org.matrixregistration.core.token.InviteToken;
import org.matrixregistration.core.token.Page;
import org.matrixregistration.core.token.TokenQuery;
import org.matrixregistration.core.token.TokenUse;
import picocli.CommandLine.Model.CommandSpec;

/** What several commands share. */
final class Commands {
    private Commands() {}

    /** A command that only groups others was called alone: its help on stderr, a usage error. */
    static int showUsage(CommandSpec spec) {
        PrintWriter err = spec.commandLine().getErr();
        spec.commandLine().usage(err);
        err.flush();
        return ErrorReporter.USAGE;
    }

    static void printLines(PrintWriter out, List<String> lines) {
        lines.forEach(out::println);
        out.flush();
    }

    /** The token's recorded uses, oldest first. */
    static List<TokenUse> usesOf(AdministerTokens tokens, InviteToken token) {
        return tokens.uses(token.name()).orElse(List.of());
    }

    /** Every token of the given activity, page by page. */
    static List<InviteToken> allTokens(AdministerTokens tokens, TokenQuery.Activity activity) {
        List<InviteToken> all = new ArrayList<>();
        int offset = 0;
        while (true) {
            Page<InviteToken> page = tokens.list(activity, offset, TokenQuery.MAX_LIMIT);
            all.addAll(page.items());
            if (!page.hasMore() || page.items().isEmpty()) {
                return all;
            }
            offset += page.items().size();
        }
    }

    /** Why core refused to create a token, as a failure for the admin. */
    static CliFailure creationRefused(CreateOutcome outcome, TokenViews views, NewToken request) {
        if (outcome instanceof CreateOutcome.NameTaken taken) {
            return new CliFailure("A token named " + taken.name().value() + " exists already; choose another --name");
        }
        return new CliFailure("The expiry " + request.expiresAt().map(views::timeWithZone).orElse("")
                + " has passed already, so the token could never be used");
    }
}
