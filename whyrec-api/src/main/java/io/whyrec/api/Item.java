package io.whyrec.api;

import java.util.List;
import java.util.Objects;

/**
 * An item's readable content: what a person would see, and the facets (genres, tags, categories) that the
 * interest profile is built over.
 *
 * @param id    the platform's item id
 * @param title a display title; the id when the source has none
 * @param text  free text (description, storyline); empty when there is none
 * @param tags  facet names in source order, without duplicates
 */
public record Item(String id, String title, String text, List<String> tags) {

    /** Checks the id and copies the tag list. */
    public Item {
        Objects.requireNonNull(id, "id");
        title = title == null || title.isEmpty() ? id : title;
        text = text == null ? "" : text;
        tags = tags == null ? List.of() : List.copyOf(tags);
    }
}
