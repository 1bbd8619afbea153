package org.matrixregistration.synapse;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.matrixregistration.core.account.AccountCreation;
import org.matrixregistration.core.account.NewAccount;
import org.matrixregistration.core.account.UserId;
import org.matrixregistration.core.health.HealthReport;
import org.matrixregistration.testkit.SynapseContainer;

/**
 * Locked accounts and room announcements against a real Synapse: the invariant that the chosen
 * password never signs in to an account that is not approved, also when Synapse fails between
 * the steps (a proxy refuses one of them).
 */
class SynapseApprovalIT {
    private static final String PASSWORD = "chosen pässword 42";

    private static SynapseContainer synapse;
    private static RefusingProxy proxy;
    private static SynapseLockedAccounts locked;
    private static SynapseHomeserverAccounts accounts;

    @BeforeAll
    static void start() throws IOException {
        synapse = SynapseContainer.shared();
        proxy = new RefusingProxy(synapse.baseUrl());
        accounts = new SynapseHomeserverAccounts(SynapseSettings.of(proxy.baseUrl(), synapse.serverName(),
                synapse.sharedSecret()).withAdminToken(synapse.adminToken()));
        locked = new SynapseLockedAccounts(accounts);
    }

    @AfterEach
    void letEverythingThrough() {
        proxy.clear();
    }

    @AfterAll
    static void stop() {
        proxy.close();
    }

    @Test
    void makesALockedAccountThatTheChosenPasswordOpensOnceUnlocked() {
        UserId userId = fresh("locked");

        AccountCreation made = locked.createLocked(new NewAccount(userId, PASSWORD, Optional.of("Lockéd")));

        assertThat(made).isEqualTo(new AccountCreation.Created(userId));
        assertThat(synapse.loginRefusal(userId.localpart(), PASSWORD)).contains("M_USER_LOCKED");
        assertThat(synapse.displayName(userId.toString())).contains("Lockéd");
        assertThat(synapse.adminDevices(userId.toString())).isEmpty();

        assertThat(locked.unlock(userId)).isTrue();

        String token = synapse.login(userId.localpart(), PASSWORD);
        String room = synapse.createRoom(token, null);
        assertThat(synapse.sendText(token, room, "hello")).startsWith("$");
        assertThat(locked.unlock(userId)).as("unlocking twice").isTrue();
    }

    @Test
    void erasesAnAccountForGood() {
        UserId userId = fresh("denied");
        locked.createLocked(new NewAccount(userId, PASSWORD, Optional.empty()));

        assertThat(locked.erase(userId)).isTrue();

        assertThat(synapse.loginRefusal(userId.localpart(), PASSWORD)).contains("M_FORBIDDEN");
        assertThat(locked.erase(userId)).as("erasing twice").isTrue();
        assertThat(locked.unlock(userId)).as("a deactivated account is not unlocked").isFalse();
        assertThat(synapse.loginRefusal(userId.localpart(), PASSWORD)).contains("M_FORBIDDEN");
        assertThat(accounts.create(new NewAccount(userId, PASSWORD, Optional.empty())))
                .as("Synapse never gives the ID out again").isEqualTo(new AccountCreation.Taken(userId));
    }

    @Test
    void neverCreatesAnAccountWhenAskedToUnlockOneThatDoesNotExist() {
        UserId userId = fresh("ghost");

        assertThat(locked.unlock(userId)).isFalse();

        assertThat(synapse.userExists(userId.toString())).isFalse();
        assertThat(locked.erase(userId)).as("nothing to erase is erased").isTrue();
        assertThat(synapse.userExists(userId.toString())).isFalse();
    }

    @Test
    void leavesATakenNameAlone() {
        UserId userId = fresh("taken");
        synapse.registerUser(userId.localpart(), "the owner's password");

        assertThat(locked.createLocked(new NewAccount(userId, PASSWORD, Optional.empty())))
                .isEqualTo(new AccountCreation.Taken(userId));

        assertThat(synapse.loginRefusal(userId.localpart(), "the owner's password")).isEmpty();
    }

    @Test
    void anAccountThatCouldNotBeLockedKeepsAPasswordNobodyKnows() {
        UserId userId = fresh("nolock");
        proxy.refuse(request -> request.startsWith("PUT ") && request.contains("\"locked\":true"));

        AccountCreation made = locked.createLocked(new NewAccount(userId, PASSWORD, Optional.empty()));

        assertThat(made).isInstanceOf(AccountCreation.Uncertain.class);
        assertThat(proxy.refused).anyMatch(request -> request.contains(userId.localpart()));
        assertThat(synapse.userExists(userId.toString())).isTrue();
        assertThat(synapse.loginRefusal(userId.localpart(), PASSWORD)).contains("M_FORBIDDEN");
        proxy.clear();
        assertThat(locked.erase(userId)).isTrue();
        assertThat(synapse.loginRefusal(userId.localpart(), PASSWORD)).contains("M_FORBIDDEN");
    }

    @Test
    void anAccountWhosePasswordCouldNotBeSetStaysLockedAndUnknown() {
        UserId userId = fresh("nopass");
        proxy.refuse(request -> request.startsWith("PUT ") && request.contains("\"password\""));

        AccountCreation made = locked.createLocked(new NewAccount(userId, PASSWORD, Optional.empty()));

        assertThat(made).isInstanceOf(AccountCreation.Uncertain.class);
        assertThat(synapse.loginRefusal(userId.localpart(), PASSWORD)).contains("M_FORBIDDEN");
        proxy.clear();
        assertThat(locked.erase(userId)).isTrue();
    }

    @Test
    void reportsAnUnlockOrErasureThatFailed() {
        UserId userId = fresh("stuck");
        locked.createLocked(new NewAccount(userId, PASSWORD, Optional.empty()));
        proxy.refuse(request -> request.startsWith("PUT ") || request.startsWith("POST /_synapse/admin/v1/deactivate"));

        assertThat(locked.unlock(userId)).isFalse();
        assertThat(locked.erase(userId)).isFalse();

        assertThat(synapse.loginRefusal(userId.localpart(), PASSWORD)).contains("M_USER_LOCKED");
    }

    @Test
    void refusesToWorkWithoutAnAdminToken() {
        SynapseHomeserverAccounts plain = new SynapseHomeserverAccounts(
                SynapseSettings.of(synapse.baseUrl(), synapse.serverName(), synapse.sharedSecret()));

        assertThatThrownBy(() -> new SynapseLockedAccounts(plain)).hasMessageContaining("homeserver_admin_token");
        assertThatThrownBy(() -> new SynapseRoomAnnouncements(plain, "!room:server"))
                .hasMessageContaining("homeserver_admin_token");
    }

    @Test
    void announcesInARoomNamedByAliasAndRepliesToTheNotice() {
        String alias = SynapseContainer.uniqueLocalpart("admins");
        String roomId = synapse.createRoom(synapse.adminToken(), alias);
        SynapseRoomAnnouncements room = new SynapseRoomAnnouncements(accounts, "#" + alias + ":" + synapse.serverName());

        assertThat(room.check().healthy()).as(room.check().detail()).isTrue();
        Optional<String> notice = room.announce("@someone asks for an account");
        assertThat(notice).isPresent();
        room.reply(notice.get(), "Approved: @someone can sign in now.");

        List<JsonNode> messages = synapse.messages(synapse.adminToken(), roomId);
        assertThat(messages).hasSizeGreaterThanOrEqualTo(2);
        JsonNode reply = messages.get(0).path("content");
        JsonNode request = messages.get(1).path("content");
        assertThat(request.path("msgtype").asText()).isEqualTo("m.notice");
        assertThat(request.path("body").asText()).isEqualTo("@someone asks for an account");
        assertThat(reply.path("body").asText()).isEqualTo("Approved: @someone can sign in now.");
        assertThat(reply.path("m.relates_to").path("m.in_reply_to").path("event_id").asText()).isEqualTo(notice.get());
        assertThat(room.essential()).isFalse();
    }

    @Test
    void reportsARoomTheAdminHasNotJoinedWithoutBlockingAnything() {
        String outsider = synapse.registerAdmin(SynapseContainer.uniqueLocalpart("outsider"), "outsider password");
        String roomId = synapse.createRoom(outsider, null);
        SynapseRoomAnnouncements room = new SynapseRoomAnnouncements(accounts, roomId);

        HealthReport report = room.check();
        assertThat(report.healthy()).isFalse();
        assertThat(report.detail()).contains("has not joined");

        assertThat(room.announce("nobody will read this")).isEmpty();
        assertThat(room.check().healthy()).isFalse();
        SynapseRoomAnnouncements unknown = new SynapseRoomAnnouncements(accounts, "#nowhere-" + System.nanoTime()
                + ":" + synapse.serverName());
        assertThat(unknown.announce("lost")).isEmpty();
        assertThat(unknown.check().detail()).contains("could not resolve");
    }

    private static UserId fresh(String prefix) {
        return new UserId(SynapseContainer.uniqueLocalpart(prefix), synapse.serverName());
    }
}
