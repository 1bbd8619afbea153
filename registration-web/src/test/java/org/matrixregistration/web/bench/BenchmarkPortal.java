package org.matrixregistration.web.bench;

import java.time.Clock;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CountDownLatch;
import org.matrixregistration.core.account.PasswordRules;
import org.matrixregistration.core.account.UsernameRules;
import org.matrixregistration.core.memory.InMemoryInviteTokens;
import org.matrixregistration.core.registration.RegistrationService;
import org.matrixregistration.core.token.InviteToken;
import org.matrixregistration.core.token.TokenName;
import org.matrixregistration.core.token.UsageLimit;
import org.matrixregistration.web.RegistrationPortal;
import org.matrixregistration.web.WebSettings;
import org.matrixregistration.web.testing.ScriptedHomeserver;

/**
 * The portal over in-memory ports for {@code bench/run}: listens on 127.0.0.1 at the port given
 * as the first argument, with rate limits raised so far that they never refuse but are still
 * consulted. Prints {@code READY <port>} once serving, and on exit (SIGTERM) how often the
 * homeserver was asked to create an account.
 */
public final class BenchmarkPortal {
    private BenchmarkPortal() {}

    public static void main(String[] args) throws InterruptedException {
        int port = args.length > 0 ? Integer.parseInt(args[0]) : 5000;
        boolean accessLog = Boolean.getBoolean("bench.accessLog");
        Clock clock = Clock.systemUTC();
        InMemoryInviteTokens tokens = new InMemoryInviteTokens();
        tokens.add(InviteToken.fresh(new TokenName("DoubleWizardSki"), UsageLimit.UNLIMITED, Optional.empty(), "",
                clock.instant()));
        ScriptedHomeserver homeserver = new ScriptedHomeserver();
        UsernameRules usernames = UsernameRules.forServer("example.org");
        PasswordRules passwords = PasswordRules.defaults();
        RegistrationService service = new RegistrationService(tokens, homeserver, usernames, passwords, false, clock);
        List<String> raised = List.of("999999999 per minute");
        WebSettings settings = WebSettings.builder()
                .host("127.0.0.1")
                .port(port)
                .rateLimits(raised)
                .failedTokenLimits(raised)
                .failedTokenNetworkLimits(raised)
                .failedTokenGlobalLimits(raised)
                .availabilityLimits(raised)
                .accessLog(accessLog)
                .build();
        RegistrationPortal portal = new RegistrationPortal(service, homeserver, usernames, passwords, settings);
        CountDownLatch stopped = new CountDownLatch(1);
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            portal.stop();
            System.out.println("HOMESERVER_CREATE_CALLS " + homeserver.creations());
            System.out.flush();
            stopped.countDown();
        }));
        System.out.println("READY " + portal.start());
        System.out.flush();
        stopped.await();
    }
}
