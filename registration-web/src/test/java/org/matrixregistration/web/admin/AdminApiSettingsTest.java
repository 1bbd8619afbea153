package org.matrixregistration.web.admin;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.net.URI;
import java.util.List;
import org.junit.jupiter.api.Test;

class AdminApiSettingsTest {

    @Test
    void isEnabledOnlyWithARealSecret() {
        assertThat(AdminApiSettings.builder().build().enabled()).isFalse();
        assertThat(AdminApiSettings.builder().sharedSecret("").build().enabled()).isFalse();
        assertThat(AdminApiSettings.builder().sharedSecret("  ").build().enabled()).isFalse();
        assertThat(AdminApiSettings.builder().sharedSecret("APIAdminPassword").build().enabled()).isFalse();
        assertThat(AdminApiSettings.builder().sharedSecret("s3cret").build().enabled()).isTrue();
    }

    @Test
    void neverShowsTheSecret() {
        assertThat(AdminApiSettings.builder().sharedSecret("s3cret").build().toString())
                .doesNotContain("s3cret").contains("<redacted>");
    }

    @Test
    void namesTheKeyOfAWrongValue() {
        assertThatThrownBy(() -> AdminApiSettings.builder().rateLimits(List.of("often")).build())
                .hasMessageStartingWith("admin_api_rate_limit: ");
        assertThatThrownBy(() -> AdminApiSettings.builder().failedAuthLimits(List.of("0 per minute")).build())
                .hasMessageStartingWith("admin_api_failed_auth_limit: ");
        for (String origin : new String[] {"*", "admin.example.org", "https://admin.example.org/path", "ftp://x.org"}) {
            assertThatThrownBy(() -> AdminApiSettings.builder().corsOrigins(List.of(origin)).build())
                    .as(origin).hasMessageStartingWith("admin_api_cors_origins: ");
        }
        assertThatThrownBy(() -> AdminApiSettings.builder().publicUrl(URI.create("chat.example.org")).build())
                .hasMessageStartingWith("public_url ");
    }

    @Test
    void normalisesOrigins() {
        assertThat(AdminApiSettings.builder().corsOrigins(List.of("https://Admin.Example.org:8443/")).build().corsOrigins())
                .containsExactly("https://admin.example.org:8443");
    }
}
