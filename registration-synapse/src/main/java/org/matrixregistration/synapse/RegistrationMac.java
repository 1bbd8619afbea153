package org.matrixregistration.synapse;

import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.util.HexFormat;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * The {@code mac} of Synapse's shared-secret registration: lower-case hex HMAC-SHA1, keyed with
 * the shared secret, over {@code nonce NUL username NUL password NUL "admin"|"notadmin"} in UTF-8.
 */
final class RegistrationMac {
    private static final String ALGORITHM = "HmacSHA1";

    private final SecretKeySpec key;

    RegistrationMac(String sharedSecret) {
        this.key = new SecretKeySpec(sharedSecret.getBytes(StandardCharsets.UTF_8), ALGORITHM);
    }

    String sign(String nonce, String username, String password, boolean admin) {
        Mac mac;
        try {
            mac = Mac.getInstance(ALGORITHM);
            mac.init(key);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("this JVM cannot compute " + ALGORITHM, e);
        }
        mac.update(nonce.getBytes(StandardCharsets.UTF_8));
        mac.update((byte) 0);
        mac.update(username.getBytes(StandardCharsets.UTF_8));
        mac.update((byte) 0);
        mac.update(password.getBytes(StandardCharsets.UTF_8));
        mac.update((byte) 0);
        mac.update((admin ? "admin" : "notadmin").getBytes(StandardCharsets.US_ASCII));
        return HexFormat.of().formatHex(mac.doFinal());
    }

    @Override
    public String toString() {
        return "RegistrationMac[key=<redacted>]";
    }
}
