package org.matrixregistration.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Optional;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.matrixregistration.core.account.NewAccount;
import org.matrixregistration.core.account.UserId;
import org.matrixregistration.core.approval.ApprovalSignUp;
import org.matrixregistration.core.approval.RegistrationRequest;
import org.matrixregistration.core.approval.RequestNotices;
import org.matrixregistration.core.token.InviteToken;
import org.matrixregistration.core.token.Reservation;
import org.matrixregistration.core.token.TokenName;

/** {@code token create|update --approval} and {@code requests list|approve|deny}, over in-memory ports. */
class RequestsCommandsTest {
    private static final ObjectMapper JSON = new ObjectMapper();

    @TempDir
    Path home;

    private Cli cli;

    @BeforeEach
    void setUp() {
        cli = new Cli(home);
    }

    private InviteToken token(String name) {
        return cli.environment.store.find(new TokenName(name)).orElseThrow();
    }

    /** A sign-up with the token as the portal makes it: reserved, then a locked account and a request. */
    private RegistrationRequest signUp(String localpart, String token) {
        FakeEnvironment env = cli.environment;
        UserId userId = new UserId(localpart, "example.org");
        Reservation reservation = (Reservation) env.store.reserve(new TokenName(token), userId, env.clock.instant());
        ApprovalSignUp signUp = new ApprovalSignUp(env.requestStore, env.store, env.homeserver,
                RequestNotices.none(env.requestStore), env.clock);
        ApprovalSignUp.Result result = signUp.signUp(reservation, new NewAccount(userId, "password1", Optional.empty()));
        return ((ApprovalSignUp.Result.Requested) result).request();
    }

    @Test
    void createsAndUpdatesTokensThatRequireApproval() {
        cli.environment.nextNames.add("WaitForMe");

        Cli.Result created = cli.runWithConfig("token", "create", "--uses", "2", "--approval");

        assertThat(created.exitCode()).as(created.err()).isZero();
        assertThat(created.out()).contains("Approval:    required");
        assertThat(token("WaitForMe").requiresApproval()).isTrue();
        assertThat(cli.runWithConfig("token", "update", "WaitForMe", "--no-approval").exitCode()).isZero();
        assertThat(token("WaitForMe").requiresApproval()).isFalse();
        Cli.Result json = cli.runWithConfig("token", "update", "WaitForMe", "--approval", "--json");
        assertThat(json.out()).contains("\"requires_approval\": true");
        cli.environment.nextNames.add("Plain");
        assertThat(cli.runWithConfig("token", "create").out()).doesNotContain("Approval:");
        assertThat(token("Plain").requiresApproval()).isFalse();
    }

    @Test
    void refusesApprovalWithoutTheAdminTokenNamingTheSetting() {
        cli.environment.withoutApproval();
        cli.environment.nextNames.add("NoWay");

        Cli.Result refused = cli.runWithConfig("token", "create", "--approval");

        assertThat(refused.exitCode()).isEqualTo(1);
        assertThat(refused.err()).contains("homeserver_admin_token");
        assertThat(cli.environment.store.find(new TokenName("NoWay"))).isEmpty();
        cli.environment.nextNames.add("Plain");
        cli.runWithConfig("token", "create");
        Cli.Result update = cli.runWithConfig("token", "update", "Plain", "--approval");
        assertThat(update.exitCode()).isEqualTo(1);
        assertThat(update.err()).contains("homeserver_admin_token");
        assertThat(cli.runWithConfig("requests", "approve", "00000000-0000-0000-0000-000000000000").err())
                .contains("homeserver_admin_token");
    }

    @Test
    void listsApprovesAndDeniesRequests() throws Exception {
        cli.environment.nextNames.add("Choir");
        cli.runWithConfig("token", "create", "--uses", "2", "--approval");
        RegistrationRequest alice = signUp("alice", "Choir");
        cli.environment.clock.advance(Duration.ofMinutes(1));
        RegistrationRequest bob = signUp("bob", "Choir");

        Cli.Result listed = cli.runWithConfig("requests", "list");

        assertThat(listed.exitCode()).as(listed.err()).isZero();
        assertThat(listed.outLines().get(0)).startsWith("ID").contains("USER", "INVITE", "REQUESTED", "STATUS");
        assertThat(listed.outLines().get(1)).startsWith(bob.id()).contains("@bob:example.org", "Choir", "pending");
        assertThat(listed.outLines().get(2)).startsWith(alice.id());
        assertThat(listed.out()).contains("2 requests. Times are in Europe/Berlin.");

        Cli.Result approved = cli.runWithConfig("requests", "approve", alice.id());
        assertThat(approved.exitCode()).as(approved.err()).isZero();
        assertThat(approved.out()).isEqualTo("Approved @alice:example.org: they can sign in now.\n");
        assertThat(cli.environment.homeserver.isLocked(alice.userId())).isFalse();
        assertThat(token("Choir").completedUses()).isEqualTo(1);

        Cli.Result twice = cli.runWithConfig("requests", "approve", alice.id());
        assertThat(twice.exitCode()).isEqualTo(1);
        assertThat(twice.err()).contains("is approved; it cannot be approved now");

        Cli.Result denied = cli.runWithConfig("requests", "deny", bob.id(), "--reason", "unknown to us", "--json");
        assertThat(denied.exitCode()).as(denied.err()).isZero();
        JsonNode request = JSON.readTree(denied.out());
        assertThat(request.get("status").asText()).isEqualTo("denied");
        assertThat(request.get("reason").asText()).isEqualTo("unknown to us");
        assertThat(request.get("user_id").asText()).isEqualTo("@bob:example.org");
        assertThat(cli.environment.homeserver.isErased(bob.userId())).isTrue();
        assertThat(token("Choir").pendingUses()).isZero();

        JsonNode pending = JSON.readTree(cli.runWithConfig("requests", "list", "--status", "pending", "--json").out());
        assertThat(pending).isEmpty();
        JsonNode all = JSON.readTree(cli.runWithConfig("requests", "list", "--json").out());
        assertThat(all).hasSize(2);
        assertThat(all.get(0).fieldNames()).toIterable()
                .containsExactly("id", "user_id", "token", "requested_at", "status", "decided_at", "reason");
    }

    @Test
    void saysClearlyWhatItCannotDo() {
        Cli.Result unknown = cli.runWithConfig("requests", "approve", "00000000-0000-0000-0000-000000000000");
        assertThat(unknown.exitCode()).isEqualTo(1);
        assertThat(unknown.err()).contains("No request with ID 00000000-0000-0000-0000-000000000000");
        assertThat(cli.runWithConfig("requests", "deny", "nonsense").err()).contains("No request with ID nonsense");
        Cli.Result badStatus = cli.runWithConfig("requests", "list", "--status", "maybe");
        assertThat(badStatus.exitCode()).isEqualTo(2);
        assertThat(badStatus.err()).contains("--status");
        assertThat(cli.runWithConfig("requests", "list").out()).isEqualTo("No requests.\n");
        assertThat(cli.runWithConfig("requests").exitCode()).isEqualTo(2);
    }
}
