package io.whyrec.core.data;

import io.whyrec.api.Item;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.Set;

/** Item metadata while it is being assembled from several files (movies, then tags, then texts). */
final class ItemDraft {

    final String id;
    String title;
    String text;
    final Set<String> tags = new LinkedHashSet<>();

    ItemDraft(String id, String title, String text) {
        this.id = id;
        this.title = title;
        this.text = text;
    }

    /** Adds a tag unless it is blank; duplicates are kept once, in first-seen order. */
    void tag(String tag) {
        String t = tag.trim();
        if (!t.isEmpty()) {
            tags.add(t);
        }
    }

    /** A copy under another id (used to join metadata through an item map). */
    ItemDraft withId(String newId) {
        ItemDraft d = new ItemDraft(newId, title, text);
        d.tags.addAll(tags);
        return d;
    }

    /** The immutable item. */
    Item toItem() {
        return new Item(id, title, text, new ArrayList<>(tags));
    }
}
