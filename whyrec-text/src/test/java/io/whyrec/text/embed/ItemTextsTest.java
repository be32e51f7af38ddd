package io.whyrec.text.embed;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.whyrec.api.Item;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The text an item is embedded from names its own genres but not the tags discovered from that text. */
class ItemTextsTest {

    @Test
    void discoveredTagsAreLeftOut() {
        assertEquals("Alien. Genres: Sci-Fi, Horror. A crew meets a creature.", ItemTexts.of(new Item("1", "Alien",
                "A crew meets a creature.", List.of("Sci-Fi", "auto: space, crew", "Horror"))));
        assertEquals("Alien. A crew meets a creature.", ItemTexts.of(new Item("1", "Alien",
                "A crew meets a creature.", List.of("auto: space, crew"))),
                "a catalogue whose only facets are discovered tags embeds as one without facets");
        assertEquals("Alien", ItemTexts.of(new Item("1", "Alien", "", List.of())));
    }
}
