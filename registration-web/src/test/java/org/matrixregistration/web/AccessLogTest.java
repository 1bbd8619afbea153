package org.matrixregistration.web;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class AccessLogTest {

    @Test
    void redactsEveryQueryValueButTheLanguage() {
        assertThat(AccessLog.redactedTarget("/register", "token=DoubleWizardSki&lang=de"))
                .isEqualTo("/register?token=<redacted>&lang=de");
        assertThat(AccessLog.redactedTarget("/register/available", "username=alice"))
                .isEqualTo("/register/available?username=<redacted>");
        assertThat(AccessLog.redactedTarget("/register", "DoubleWizardSki")).isEqualTo("/register?<redacted>");
        assertThat(AccessLog.redactedTarget("/register", "password=hunter22")).doesNotContain("hunter22");
    }

    @Test
    void redactsTokenNamesInAdminPaths() {
        assertThat(AccessLog.redactedTarget("/api/token/DoubleWizardSki", null)).isEqualTo("/api/token/<redacted>");
        assertThat(AccessLog.redactedTarget("/element/api/token/DoubleWizardSki", "")).isEqualTo("/element/api/token/<redacted>");
        assertThat(AccessLog.redactedTarget("/api/token", null)).isEqualTo("/api/token");
    }
}
