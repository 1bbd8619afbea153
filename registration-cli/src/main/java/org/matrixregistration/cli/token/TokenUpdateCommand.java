package org.matrixregistration.cli.token;

import org.matrixregistration.cli.CliEnvironment;
import org.matrixregistration.cli.CliFailure;
import org.matrixregistration.cli.HelpOption;
import org.matrixregistration.cli.OutputOptions;
import org.matrixregistration.cli.Session;
import org.matrixregistration.core.admin.AdministerTokens;
import org.matrixregistration.core.admin.Expiry;
import org.matrixregistration.core.admin.NewToken;
import org.matrixregistration.core.admin.UpdateOutcome;
import org.matrixregistration.core.token.InviteToken;
import org.matrixregistration.core.token.TokenChanges;
import org.matrixregistration.core.token.UsageLimit;
import picocli.CommandLine.ArgGroup;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;

/** {@code token update NAME}: changes a token's settings; its use counts are facts and stay. */
@Command(
        name = "update",
        description = {
            "Change a token's limit, expiry, note, disabled state or whether it requires approval. What is not given stays as it is; the "
                    + "uses already made are never changed.",
            "",
            "Output: the token after the change, as 'token show' prints it (without the uses); with --json the "
                    + "token object."
        })
final class TokenUpdateCommand extends TokenNameCommand {
    @Option(names = "--uses", paramLabel = "N", converter = UsesConverter.class,
            description = "The new limit; 0 or 'unlimited' for no limit. A limit at or below the uses made "
                    + "already leaves the token used up.")
    UsageLimit uses;

    @Option(names = "--expires", paramLabel = "WHEN", converter = ExpiryConverter.class,
            description = "The new expiry, in the forms of 'token create --expires'; 'never' removes it.")
    Expiry expires;

    @Option(names = "--note", paramLabel = "TEXT", description = "The new note; \"\" removes it.")
    String note;

    @ArgGroup(exclusive = true, multiplicity = "0..1")
    Switch onOff;

    static final class Switch {
        @Option(names = "--disable", description = "Disable the token.")
        boolean disable;

        @Option(names = "--enable", description = "Enable a disabled token again.")
        boolean enable;
    }

    @Option(names = "--approval", negatable = true,
            description = "--approval: sign-ups wait for an admin's approval from now on (needs "
                    + "homeserver_admin_token); --no-approval: they do not.")
    Boolean approval;

    @Mixin
    OutputOptions output;

    @Mixin
    HelpOption help;

    TokenUpdateCommand(Session session) {
        super(session);
    }

    @Override
    public Integer call() {
        TokenChanges changes = TokenChanges.NONE;
        if (uses != null) {
            changes = changes.withLimit(uses);
        }
        if (note != null) {
            requireAtMost("--note", note, NewToken.MAX_NOTE_LENGTH);
            changes = changes.withNote(note);
        }
        if (onOff != null) {
            changes = changes.withDisabled(onOff.disable);
        }
        if (approval != null) {
            changes = changes.withRequiresApproval(approval);
        }
        if (expires == null && changes.isEmpty()) {
            throw new ParameterException(spec.commandLine(), "Nothing to change: give at least one of --uses, --expires,"
                    + " --note, --disable, --enable, --approval, --no-approval");
        }
        CliEnvironment environment = session.environment();
        if (expires != null) {
            changes = changes.withExpiry(expires.resolve(environment.clock(), environment.zone()));
        }
        AdministerTokens tokens = environment.tokens();
        UpdateOutcome outcome = tokens.update(name, changes);
        if (outcome instanceof UpdateOutcome.NotFound) {
            throw noSuchToken();
        }
        if (outcome instanceof UpdateOutcome.ApprovalUnavailable) {
            throw new CliFailure("Cannot require approval: " + tokens.approvalUnavailableReason());
        }
        InviteToken updated = ((UpdateOutcome.Updated) outcome).token();
        TokenViews views = TokenViews.of(environment);
        output.print(() -> views.json(updated, TokenCommands.usesOf(tokens, updated)), () -> views.details(updated));
        return 0;
    }
}
