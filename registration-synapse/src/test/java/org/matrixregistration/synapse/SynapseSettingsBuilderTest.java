package org.matrixregistration.synapse;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;
import static org.assertj.core.api.Assertions.assertThatNullPointerException;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.net.URI;
import java.time.Duration;
import org.junit.jupiter.api.Test;

class SynapseSettingsBuilderTest {

    private static SynapseSettings.Builder required() {
        return SynapseSettings.builder().serverLocation(" https://host.example/synapse/ ").serverName("example.org")
                .sharedSecret("s3cret");
    }

    @Test
    void needsLocationNameAndSecretAndDefaultsTheRestLikeTheFactory() {
        SynapseSettings built = required().build();

        assertThat(built).isEqualTo(SynapseSettings.of("https://host.example/synapse", "example.org", "s3cret"));
        assertThat(built.baseUrl()).isEqualTo(URI.create("https://host.example/synapse"));
        assertThat(built.adminToken()).isEmpty();
        assertThat(built.connectTimeout()).isEqualTo(SynapseSettings.DEFAULT_CONNECT_TIMEOUT);
        assertThat(built.requestTimeout()).isEqualTo(SynapseSettings.DEFAULT_REQUEST_TIMEOUT);
    }

    @Test
    void takesTheOptionalSettingsByName() {
        SynapseSettings built = required().adminToken("syt_admin").requestTimeout(Duration.ofSeconds(30))
                .connectTimeout(Duration.ofSeconds(2)).build();

        assertThat(built.adminToken()).hasValue("syt_admin");
        assertThat(built.requestTimeout()).isEqualTo(Duration.ofSeconds(30));
        assertThat(built.connectTimeout()).isEqualTo(Duration.ofSeconds(2));
    }

    @Test
    void capsTheConnectTimeoutAtTheRequestTimeoutUnlessGiven() {
        assertThat(required().requestTimeout(Duration.ofSeconds(2)).build().connectTimeout()).isEqualTo(Duration.ofSeconds(2));
        assertThat(required().requestTimeout(Duration.ofSeconds(60)).build())
                .isEqualTo(SynapseSettings.of("https://host.example/synapse", "example.org", "s3cret")
                        .withRequestTimeout(Duration.ofSeconds(60)));
    }

    @Test
    void namesEveryMissingSetting() {
        assertThatThrownBy(() -> SynapseSettings.builder().build())
                .isInstanceOf(IllegalStateException.class)
                .hasMessage("SynapseSettings.builder() needs serverLocation(String), serverName(String), sharedSecret(String)");
        assertThatThrownBy(() -> SynapseSettings.builder().serverLocation("http://h").serverName("example.org").build())
                .isInstanceOf(IllegalStateException.class)
                .hasMessage("SynapseSettings.builder() needs sharedSecret(String)");
    }

    @Test
    void refusesAWrongValueNamingItsSettingAndNeverShowsASecret() {
        assertThatIllegalArgumentException().isThrownBy(() -> required().serverLocation("ftp://host").build())
                .withMessageContaining("server_location");
        assertThatIllegalArgumentException().isThrownBy(() -> required().adminToken(" ").build())
                .withMessageContaining("homeserver_admin_token");
        assertThatIllegalArgumentException().isThrownBy(() -> required().requestTimeout(Duration.ZERO).build())
                .withMessageContaining("homeserver_timeout");
        assertThatNullPointerException().isThrownBy(() -> SynapseSettings.builder().sharedSecret(null))
                .withMessage("registration_shared_secret");
        assertThat(required().adminToken("syt_admin").build().toString()).doesNotContain("s3cret", "syt_admin");
    }
}
