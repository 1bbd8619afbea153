package org.matrixregistration.synapse;

import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.util.Base64;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import org.matrixregistration.core.account.AccountCreation;
import org.matrixregistration.core.account.NewAccount;
import org.matrixregistration.core.account.UserId;
import org.matrixregistration.core.approval.LockedAccounts;
import org.matrixregistration.synapse.SynapseAnswer.Kind;
import org.matrixregistration.synapse.SynapseHttp.Answer;
import org.matrixregistration.synapse.SynapseHttp.Response;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * {@link LockedAccounts} over Synapse's admin API, with {@code homeserver_admin_token}.
 *
 * <p>{@link #createLocked} registers the account through shared-secret registration (as
 * {@link SynapseHomeserverAccounts#create} does) with a random password that never leaves this
 * method, locks it ({@code PUT /_synapse/admin/v2/users/{id}} {@code {"locked": true}}; a locked
 * user's login answers 401 {@code M_USER_LOCKED}) and only then sets the chosen password (the same
 * call, {@code {"password": ..., "logout_devices": false}}). So no moment exists in which the
 * chosen password signs in to an unapproved account, and the portal stores no password.
 *
 * <p>{@code PUT /_synapse/admin/v2/users/{id}} creates the user when it does not exist; so
 * {@link #unlock} first asks whether the account exists and is active, and never puts to an ID it
 * has not seen. {@link #erase} is {@code POST /_synapse/admin/v1/deactivate/{id}} with
 * {@code {"erase": true}}; Synapse never gives a deactivated ID out again.
 */
public final class SynapseLockedAccounts implements LockedAccounts {
    private static final Logger LOG = LoggerFactory.getLogger(SynapseLockedAccounts.class);
    static final String ADMIN_USER = "/_synapse/admin/v2/users/";
    static final String DEACTIVATE = "/_synapse/admin/v1/deactivate/";

    private static final SecureRandom RANDOM = new SecureRandom();

    private final SynapseHomeserverAccounts accounts;
    private final SynapseHttp http;
    private final String adminToken;

    /** @throws IllegalArgumentException when the settings have no {@code homeserver_admin_token} */
    public SynapseLockedAccounts(SynapseHomeserverAccounts accounts) {
        this.accounts = Objects.requireNonNull(accounts, "accounts");
        this.http = accounts.http();
        this.adminToken = accounts.settings().adminToken().orElseThrow(() -> new IllegalArgumentException(
                "homeserver_admin_token: sign-ups that wait for approval need a Synapse admin's access token"));
    }

    @Override
    public AccountCreation createLocked(NewAccount account) {
        UserId userId = account.userId();
        AccountCreation made = accounts.create(new NewAccount(userId, unguessablePassword(), account.displayName()));
        if (!(made instanceof AccountCreation.Created)) {
            return made;
        }
        Optional<String> locked = put(userId, Map.of("locked", true));
        if (locked.isPresent()) {
            LOG.warn("Made {} but could not lock it: {}", userId, locked.get());
            return new AccountCreation.Uncertain("the account was made but could not be locked");
        }
        Optional<String> password = put(userId, Map.of("password", account.password(), "logout_devices", false));
        if (password.isPresent()) {
            LOG.warn("Made and locked {} but could not set its password: {}", userId, password.get());
            return new AccountCreation.Uncertain("the account was made but its password could not be set");
        }
        return made;
    }

    @Override
    public boolean unlock(UserId userId) {
        Answer answer = http.get(ADMIN_USER + encode(userId), adminToken);
        if (!(answer instanceof Response response) || response.status() != 200) {
            LOG.warn("Could not unlock {}: {}", userId, describe(answer));
            return false;
        }
        boolean deactivated = SynapseJson.read(response.body(), SynapseJson.AdminUser.class)
                .map(SynapseJson.AdminUser::isDeactivated).orElse(false);
        if (deactivated) {
            LOG.warn("Could not unlock {}: Synapse says it is deactivated", userId);
            return false;
        }
        Optional<String> failed = put(userId, Map.of("locked", false));
        failed.ifPresent(why -> LOG.warn("Could not unlock {}: {}", userId, why));
        return failed.isEmpty();
    }

    @Override
    public boolean erase(UserId userId) {
        Answer answer = http.post(DEACTIVATE + encode(userId), SynapseJson.write(Map.of("erase", true)), adminToken);
        if (answer instanceof Response response) {
            Kind kind = SynapseAnswer.of(response).kind();
            // An account Synapse does not know is as good as erased.
            if (kind == Kind.SUCCESS || kind == Kind.NOT_FOUND) {
                return true;
            }
        }
        LOG.warn("Could not deactivate {}: {}", userId, describe(answer));
        return false;
    }

    /** Empty when Synapse answered 200; else why not, safe to log. */
    private Optional<String> put(UserId userId, Map<String, Object> change) {
        Answer answer = http.put(ADMIN_USER + encode(userId), SynapseJson.write(change), adminToken);
        if (answer instanceof Response response && response.status() == 200) {
            return Optional.empty();
        }
        return Optional.of(describe(answer));
    }

    /** The failure or the answer, with what to fix when the admin token was refused. */
    private static String describe(Answer answer) {
        if (answer instanceof Response response) {
            SynapseAnswer answered = SynapseAnswer.of(response);
            return answered.describe() + SetupAdvice.adminToken(answered).map(advice -> " (" + advice + ")").orElse("");
        }
        return SynapseAnswer.describe(answer);
    }

    private static String encode(UserId userId) {
        return URLEncoder.encode(userId.toString(), StandardCharsets.UTF_8);
    }

    /**
     * 256 random bits, with the four character classes a strict {@code password_config.policy}
     * may ask for, so that Synapse accepts it whatever its policy.
     */
    static String unguessablePassword() {
        byte[] bytes = new byte[32];
        RANDOM.nextBytes(bytes);
        return Base64.getUrlEncoder().withoutPadding().encodeToString(bytes) + "!Aa1";
    }
}
