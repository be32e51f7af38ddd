package io.whyrec.text.model;

import io.whyrec.core.config.Params;
import io.whyrec.core.profile.EventWeighting;
import io.whyrec.text.embed.EmbeddingConfig;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

/** The content and hybrid configurations read back what they write, and refuse bad values naming the key. */
class TextConfigsTest {

    @Test
    void configurationsRoundTripThroughTheirSettings() {
        ContentConfig odd = new ContentConfig(EventWeighting.DEFAULT.withHalfLifeDays(30),
                EmbeddingConfig.Choice.BGE_ZH, 10, 7);
        for (ContentConfig c : List.of(ContentConfig.DEFAULT, odd)) {
            assertEquals(c, ContentConfig.from(Params.of("content", c.toSettings(), ContentConfig.KEYS)));
        }
        HybridConfig hybrid = new HybridConfig(123.5, 0.75, EmbeddingConfig.Choice.HASHING);
        for (HybridConfig c : List.of(HybridConfig.DEFAULT, hybrid)) {
            assertEquals(c, HybridConfig.from(Params.of("hybrid", c.toSettings(), HybridConfig.KEYS)));
        }
        assertEquals("hybrid: parameter 'blend' must be a number in [0, 1], got '1.5'",
                assertThrows(IllegalArgumentException.class,
                        () -> HybridConfig.from(Params.of("hybrid", Map.of("blend", "1.5"), HybridConfig.KEYS)))
                        .getMessage());
    }
}
