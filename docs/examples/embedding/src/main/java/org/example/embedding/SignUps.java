package org.example.embedding;

import java.nio.file.Path;
import java.time.Clock;
import org.matrixregistration.core.admin.AdministerTokens;
import org.matrixregistration.core.admin.TokenAdministration;
import org.matrixregistration.core.registration.RegisterAccount;
import org.matrixregistration.core.registration.RegistrationService;
import org.matrixregistration.core.token.InviteTokens;
import org.matrixregistration.core.token.WordListTokenNames;
import org.matrixregistration.persistence.DatabaseSettings;
import org.matrixregistration.persistence.TokenDatabase;
import org.matrixregistration.synapse.SynapseHomeserverAccounts;
import org.matrixregistration.synapse.SynapseSettings;

/**
 * Token-gated sign-ups inside a Java service: invite tokens in a SQLite file, accounts made on
 * Synapse with its registration shared secret. The two use cases are all a service needs to call.
 */
public final class SignUps implements AutoCloseable {
    private final TokenDatabase database;
    private final RegisterAccount registration;
    private final AdministerTokens tokens;

    public SignUps(Path sqliteFile, String synapseUrl, String serverName, String sharedSecret) {
        Clock clock = Clock.systemUTC();
        database = TokenDatabase.open(DatabaseSettings.sqlite(sqliteFile));   // migrates the schema
        InviteTokens store = database.tokens(clock);
        registration = RegistrationService.builder()
                .tokens(store)
                .homeserver(new SynapseHomeserverAccounts(SynapseSettings.builder()
                        .serverLocation(synapseUrl).serverName(serverName).sharedSecret(sharedSecret).build()))
                .serverName(serverName)
                .clock(clock)
                .build();
        tokens = new TokenAdministration(store, WordListTokenNames.bundled(WordListTokenNames.DEFAULT_WORDS), clock);
    }

    /** Signs a person up with an invite token. */
    public RegisterAccount registration() {
        return registration;
    }

    /** Creates, lists, changes and revokes invite tokens. */
    public AdministerTokens tokens() {
        return tokens;
    }

    @Override
    public void close() {
        database.close();
    }
}
