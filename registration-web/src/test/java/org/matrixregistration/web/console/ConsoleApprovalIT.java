package org.matrixregistration.web.console;

import static org.assertj.core.api.Assertions.assertThat;
import static org.matrixregistration.web.console.ConsoleFixture.with;

import java.net.http.HttpResponse;
import java.util.Optional;
import org.jsoup.Jsoup;
import org.jsoup.nodes.Document;
import org.jsoup.nodes.Element;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.matrixregistration.core.account.UserId;
import org.matrixregistration.core.registration.Registration;
import org.matrixregistration.core.registration.RegistrationOutcome;
import org.matrixregistration.core.token.InviteToken;
import org.matrixregistration.core.token.TokenName;
import org.matrixregistration.web.testing.LogCapture;

/** Invites that require approval and the requests page, over HTTP as a browser sends its forms. */
class ConsoleApprovalIT {
    private static final UserId ALICE = new UserId("alice", "example.org");
    private static final UserId BOB = new UserId("bob", "example.org");

    private final ConsoleFixture console = ConsoleFixture.start();

    @AfterEach
    void stop() {
        console.close();
    }

    private static Document html(HttpResponse<String> response) {
        return Jsoup.parse(response.body());
    }

    private InviteToken stored(String name) {
        return console.tokens.find(new TokenName(name)).orElseThrow();
    }

    private RegistrationOutcome signUp(String username, String token) {
        return console.registration.register(new Registration(username, "password1", "password1", token,
                Optional.empty(), Optional.empty()));
    }

    private Element row(Document page, UserId userId) {
        return page.select("tr[data-request]").stream()
                .filter(tr -> tr.selectFirst("th").text().equals(userId.toString())).findFirst().orElseThrow();
    }

    @Test
    void anInviteMadeToRequireApprovalHoldsSignUpsUntilApproved() {
        String csrf = console.signIn();
        Document form = html(console.get("/admin/invites/new"));
        assertThat(form.select("label[for=approval]").text()).isEqualTo("Sign-ups wait for an admin's approval");
        assertThat(form.select("nav a").eachText()).contains("Sign-up requests");

        HttpResponse<String> created = console.post("/admin/invites",
                with(csrf, "uses", "2", "expires", "", "note", "for the choir", "name", "Choir", "approval", "on"));

        assertThat(created.statusCode()).isEqualTo(303);
        assertThat(stored("Choir").requiresApproval()).isTrue();
        assertThat(html(console.get("/admin/invites/Choir")).select("dl.facts").text())
                .contains("Requires approval Yes: each sign-up waits until an admin approves it");
        assertThat(signUp("alice", "Choir")).isInstanceOf(RegistrationOutcome.AwaitingApproval.class);
        assertThat(console.homeserver.isLocked(ALICE)).isTrue();

        Document requests = html(console.get("/admin/requests"));
        Element alice = row(requests, ALICE);
        assertThat(alice.select("td").get(0).text()).isEqualTo("Choir");
        assertThat(alice.select(".badge").text()).isEqualTo("Waiting");
        assertThat(requests.select("#deny-warning").text()).contains("never gives that Matrix ID out again");
        String approve = alice.select("form").get(0).attr("action");

        HttpResponse<String> approved = console.post(approve, with(csrf));

        assertThat(approved.headers().firstValue("Location")).hasValue("/admin/requests?status=pending&done=approved");
        assertThat(console.homeserver.isLocked(ALICE)).isFalse();
        assertThat(stored("Choir").completedUses()).isEqualTo(1);
        assertThat(html(console.get("/admin/requests?done=approved")).select("p.notice").text())
                .isEqualTo("Approved: the person can sign in now.");
        HttpResponse<String> again = console.post(approve, with(csrf));
        assertThat(again.headers().firstValue("Location")).hasValue("/admin/requests?status=all&done=conflict");
        Document all = html(console.get("/admin/requests?status=all"));
        assertThat(row(all, ALICE).select(".badge").text()).isEqualTo("Approved");
        assertThat(row(all, ALICE).select("form")).as("nothing left to decide").isEmpty();
    }

    @Test
    void aDenialWithAReasonErasesTheAccountAndFreesTheUse() {
        String csrf = console.signIn();
        console.post("/admin/invites", with(csrf, "uses", "1", "expires", "", "note", "", "name", "Once", "approval", "on"));
        signUp("bob", "Once");
        Element bob = row(html(console.get("/admin/requests")), BOB);
        String deny = bob.select("form.deny").attr("action");

        HttpResponse<String> denied = console.post(deny, with(csrf, "reason", "not someone we know"));

        assertThat(denied.headers().firstValue("Location")).hasValue("/admin/requests?status=pending&done=denied");
        assertThat(console.homeserver.isErased(BOB)).isTrue();
        assertThat(stored("Once").completedUses()).isZero();
        assertThat(stored("Once").pendingUses()).isZero();
        Element decided = row(html(console.get("/admin/requests?status=denied")), BOB);
        assertThat(decided.text()).contains("not someone we know");
        assertThat(signUp("alice", "Once")).as("the use is free again").isInstanceOf(RegistrationOutcome.AwaitingApproval.class);
    }

    @Test
    void theEditFormTurnsApprovalOffAndOn() {
        String csrf = console.signIn();
        console.post("/admin/invites", with(csrf, "uses", "3", "expires", "", "note", "", "name", "Switch"));
        assertThat(stored("Switch").requiresApproval()).isFalse();
        assertThat(html(console.get("/admin/invites/Switch")).select("input#approval").hasAttr("checked")).isFalse();

        console.post("/admin/invites/Switch", with(csrf, "uses", "3", "expires", "", "note", "", "approval", "on"));
        assertThat(stored("Switch").requiresApproval()).isTrue();
        assertThat(html(console.get("/admin/invites/Switch")).select("input#approval").hasAttr("checked")).isTrue();

        console.post("/admin/invites/Switch", with(csrf, "uses", "3", "expires", "", "note", ""));
        assertThat(stored("Switch").requiresApproval()).isFalse();
    }

    @Test
    void noSecretTokenOrPasswordIsLoggedAtAnyLevel() {
        String text;
        try (LogCapture logs = LogCapture.everything()) {
            console.post("/admin/sign-in", java.util.Map.of("secret", "not the secret at all"));
            String csrf = console.signIn();
            console.post("/admin/invites", with(csrf, "uses", "2", "expires", "", "note", "", "name", "HiddenInvite",
                    "approval", "on"));
            signUp("alice", "HiddenInvite");
            String approve = row(html(console.get("/admin/requests")), ALICE).select("form").get(0).attr("action");
            console.post(approve, with(csrf));
            text = logs.text();
        }
        assertThat(text).as("events were captured").contains("alice");
        assertThat(text).doesNotContain(ConsoleFixture.SECRET, "not the secret at all", "HiddenInvite", "password1");
    }

    @Test
    void anUnknownRequestIsSaidSoAndChangesNothing() {
        String csrf = console.signIn();

        HttpResponse<String> unknown = console.post("/admin/requests/00000000-0000-0000-0000-000000000000/approve",
                with(csrf));

        assertThat(unknown.headers().firstValue("Location")).hasValue("/admin/requests?status=all&done=not_found");
        assertThat(html(console.get("/admin/requests?status=all&done=not_found")).select("p.notice").text())
                .isEqualTo("There is no request with this ID.");
        assertThat(console.post("/admin/requests/00000000-0000-0000-0000-000000000000/deny", java.util.Map.of())
                .statusCode()).as("without the form token").isEqualTo(403);
    }
}
