package org.matrixregistration.cli;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.matrixregistration.core.admin.AdministerTokens;
import org.matrixregistration.core.approval.DecideRequests;
import org.matrixregistration.core.approval.Decision;
import org.matrixregistration.core.approval.RegistrationRequest;
import org.matrixregistration.core.approval.RequestRepresentation;
import org.matrixregistration.core.approval.RequestStatus;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Parameters;

/**
 * {@code requests}: the sign-ups that wait for an admin's decision (tokens that require approval),
 * with {@code list}, {@code approve ID} and {@code deny ID [--reason TEXT]}.
 */
@Command(
        name = "requests",
        synopsisSubcommandLabel = "COMMAND",
        description = {
            "List and decide sign-up requests: sign-ups with a token that requires approval. Their accounts "
                    + "exist, locked, until an admin approves (unlocks) or denies (deactivates and erases) them.",
            "Needs homeserver_admin_token in the configuration."
        })
final class RequestsCommand extends GroupCommand {
    /** {@code requests list}. */
    @Command(
            name = "list",
            description = {
                "List sign-up requests, newest first.",
                "",
                "Output: a table (ID, USER, INVITE, REQUESTED, STATUS, DECIDED, REASON); with --json an array of "
                        + "request objects as GET /api/requests answers them."
            })
    static final class ListRequests extends SessionCommand {
        @Option(names = "--status", paramLabel = "STATUS",
                description = "Only requests that are pending, needs_attention, approved or denied. Default: all.")
        String status;

        @Mixin
        OutputOptions output;

        @Mixin
        HelpOption help;

        ListRequests(Session session) {
            super(session);
        }

        @Override
        public Integer call() {
            Optional<RequestStatus> filter = Optional.empty();
            if (status != null && !status.equalsIgnoreCase("all")) {
                filter = RequestStatus.fromWireName(status);
                if (filter.isEmpty()) {
                    throw new ParameterException(spec.commandLine(), "Invalid value for option '--status': expected "
                            + "pending, needs_attention, approved, denied or all; got '" + status + "'");
                }
            }
            CliEnvironment environment = session.environment();
            List<RegistrationRequest> requests = environment.requests().list(filter);
            output.print(() -> requests.stream().map(RequestRepresentation::request).toList(),
                    () -> table(new ServerTime(environment.zone()), requests));
            return 0;
        }

        private static List<String> table(ServerTime times, List<RegistrationRequest> requests) {
            if (requests.isEmpty()) {
                return List.of("No requests.");
            }
            List<List<String>> rows = new ArrayList<>();
            for (RegistrationRequest request : requests) {
                rows.add(List.of(request.id(), SafeText.printable(request.userId().toString()), request.token().value(),
                        times.format(request.requestedAt()), status(request),
                        request.decidedAt().map(times::format).orElse("-"),
                        request.reason().map(SafeText::printable).orElse("")));
            }
            List<String> lines = new ArrayList<>(Table.render(
                    List.of("ID", "USER", "INVITE", "REQUESTED", "STATUS", "DECIDED", "REASON"), rows));
            lines.add("");
            lines.add(requests.size() + (requests.size() == 1 ? " request" : " requests") + ". Times are in "
                    + times.zoneName() + ".");
            return lines;
        }

        private static String status(RegistrationRequest request) {
            return request.attention().map(what -> "needs attention (" + (what.finishedBy(true) ? "approve" : "deny")
                    + " again)").orElse(request.status().wireName());
        }
    }

    /** What {@code approve} and {@code deny} share. */
    abstract static class Decide extends SessionCommand {
        private final boolean approve;

        @Parameters(paramLabel = "ID", description = "The request's ID, as 'requests list' shows it.")
        String id;

        @Mixin
        OutputOptions output;

        @Mixin
        HelpOption help;

        Decide(Session session, boolean approve) {
            super(session);
            this.approve = approve;
        }

        abstract Decision decide(DecideRequests requests, String id);

        @Override
        public Integer call() {
            String requestId = RequestRepresentation.id(id).orElseThrow(() -> new CliFailure("No request with ID "
                    + SafeText.printable(id) + " (see 'requests list')"));
            CliEnvironment environment = session.environment();
            AdministerTokens tokens = environment.tokens();
            if (!tokens.approvalAvailable()) {
                throw new CliFailure("Requests cannot be decided: " + tokens.approvalUnavailableReason());
            }
            Decision decision = decide(environment.requests(), requestId);
            String verb = approve ? "approve" : "deny";
            if (decision instanceof Decision.NotFound) {
                throw new CliFailure("No request with ID " + requestId + " (see 'requests list')");
            }
            if (decision instanceof Decision.Conflict conflict) {
                throw new CliFailure("The request of " + conflict.current().userId() + " is "
                        + conflict.current().status().wireName() + "; it cannot be " + verb + (approve ? "d" : "ied")
                        + " now");
            }
            if (decision instanceof Decision.Incomplete incomplete) {
                throw new CliFailure((approve ? "Approved, but Synapse could not unlock " : "Denied, but Synapse could"
                        + " not deactivate ") + incomplete.request().userId() + " yet: run 'requests " + verb + " "
                        + requestId + "' again to finish");
            }
            RegistrationRequest done = ((Decision.Done) decision).request();
            output.print(() -> RequestRepresentation.request(done), () -> List.of(approve
                    ? "Approved " + done.userId() + ": they can sign in now."
                    : "Denied " + done.userId() + ": the account is deactivated and erased; its invite use is free"
                            + " again."));
            return 0;
        }
    }

    /** {@code requests approve ID}. */
    @Command(
            name = "approve",
            description = {
                "Approve a sign-up request: the account is unlocked and the invite use counted.",
                "",
                "Output: one line; with --json the request object."
            })
    static final class Approve extends Decide {
        Approve(Session session) {
            super(session, true);
        }

        @Override
        Decision decide(DecideRequests requests, String id) {
            return requests.approve(id);
        }
    }

    /** {@code requests deny ID [--reason TEXT]}. */
    @Command(
            name = "deny",
            description = {
                "Deny a sign-up request: the account is deactivated and erased, and the invite use given back.",
                "Synapse never gives that Matrix ID out again, to this person or anyone else.",
                "",
                "Output: one line; with --json the request object."
            })
    static final class Deny extends Decide {
        @Option(names = "--reason", paramLabel = "TEXT",
                description = "Why, for the record and the admins' room (at most 500 characters).")
        String reason;

        Deny(Session session) {
            super(session, false);
        }

        @Override
        Decision decide(DecideRequests requests, String id) {
            if (reason != null) {
                requireAtMost("--reason", reason, RegistrationRequest.MAX_REASON_LENGTH);
            }
            return requests.deny(id, Optional.ofNullable(reason));
        }
    }
}
