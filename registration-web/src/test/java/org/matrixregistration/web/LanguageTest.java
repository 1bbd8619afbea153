package org.matrixregistration.web;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class LanguageTest {

    @Test
    void fallsBackFromARegionToItsLanguage() {
        assertThat(Language.negotiate("de-DE,de;q=0.9")).isEqualTo(Language.DE);
        assertThat(Language.negotiate("de-AT")).isEqualTo(Language.DE);
        assertThat(Language.negotiate("fr-CA,en;q=0.5")).isEqualTo(Language.FR);
        assertThat(Language.negotiate("es-419")).isEqualTo(Language.ES);
        assertThat(Language.negotiate("sv-SE")).isEqualTo(Language.SV);
    }

    @Test
    void servesBrazilianPortugueseToEveryPortugueseReader() {
        assertThat(Language.negotiate("pt-BR")).isEqualTo(Language.PT_BR);
        assertThat(Language.negotiate("pt-PT,pt;q=0.9")).isEqualTo(Language.PT_BR);
        assertThat(Language.negotiate("pt")).isEqualTo(Language.PT_BR);
    }

    @Test
    void servesSimplifiedChineseOnlyToReadersOfSimplifiedScript() {
        assertThat(Language.negotiate("zh-CN")).isEqualTo(Language.ZH_HANS);
        assertThat(Language.negotiate("zh-Hans")).isEqualTo(Language.ZH_HANS);
        assertThat(Language.negotiate("zh-Hans-CN")).isEqualTo(Language.ZH_HANS);
        assertThat(Language.negotiate("zh")).isEqualTo(Language.ZH_HANS);
        assertThat(Language.negotiate("zh-TW,de;q=0.5")).isEqualTo(Language.DE);
        assertThat(Language.negotiate("zh-Hant-HK")).isEqualTo(Language.EN);
    }

    @Test
    void honoursQualityAndOrder() {
        assertThat(Language.negotiate("en;q=0.3, sv;q=0.8, de;q=0.5")).isEqualTo(Language.SV);
        assertThat(Language.negotiate("ja, ko;q=0.9, fr;q=0.8")).isEqualTo(Language.FR);
        assertThat(Language.negotiate("de;q=0, fr;q=0.1")).isEqualTo(Language.FR);
        assertThat(Language.negotiate("es, de")).isEqualTo(Language.ES);
    }

    @Test
    void usesEnglishWhenNothingFits() {
        assertThat(Language.negotiate(null)).isEqualTo(Language.EN);
        assertThat(Language.negotiate("")).isEqualTo(Language.EN);
        assertThat(Language.negotiate("ja-JP, ko")).isEqualTo(Language.EN);
        assertThat(Language.negotiate("*")).isEqualTo(Language.EN);
        assertThat(Language.negotiate(";;;,q=,de;q=abc")).isEqualTo(Language.EN);
        assertThat(Language.choose("-", ";")).isEqualTo(Language.EN);
    }

    @Test
    void takesAnExplicitChoiceOnlyIfItNamesALanguageWeHave() {
        assertThat(Language.choose("de", "fr")).isEqualTo(Language.DE);
        assertThat(Language.choose("pt_BR", null)).isEqualTo(Language.PT_BR);
        assertThat(Language.choose("zh-hans", null)).isEqualTo(Language.ZH_HANS);
        assertThat(Language.choose("../../etc/passwd", "sv")).isEqualTo(Language.SV);
        assertThat(Language.choose("xx", null)).isEqualTo(Language.EN);
    }
}
