package org.matrixregistration.synapse;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class RegistrationMacTest {
    /**
     * Python's {@code hmac.new(b"sh\xc3\xa4red-secret", digestmod=hashlib.sha1)} updated with
     * {@code abc123nonce NUL alice NUL "pässwörd €" NUL notadmin} (UTF-8), as Synapse computes it.
     */
    static final String PYTHON_MAC = "275a11d7a17e8756e472ce047b1d650fe157718c";

    @Test
    void matchesSynapsesComputationInUtf8() {
        assertThat(new RegistrationMac("shäred-secret").sign("abc123nonce", "alice", "pässwörd €", false))
                .isEqualTo(PYTHON_MAC);
    }

    @Test
    void signsAdminsDifferently() {
        RegistrationMac mac = new RegistrationMac("shäred-secret");

        assertThat(mac.sign("abc123nonce", "alice", "pässwörd €", true)).isNotEqualTo(PYTHON_MAC).hasSize(40);
    }

    @Test
    void neverShowsTheKey() {
        assertThat(new RegistrationMac("shäred-secret").toString()).doesNotContain("shäred-secret");
    }
}
