package io.whyrec.core.data;

import io.whyrec.api.Item;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
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

    /** Adds a tag unless it is blank, white space runs made one space; duplicates kept once, first-seen order. */
    void tag(String tag) {
        String t = clean(tag);
        if (!t.isEmpty()) {
            tags.add(t);
        }
    }

    /** A tag as it is stored: stripped, each run of white space made one space. */
    static String clean(String tag) {
        return tag.strip().replaceAll("\\s+", " ");
    }

    /** Whether the item has a tag equal to this one but for case. */
    boolean hasTagIgnoringCase(String tag) {
        for (String t : tags) {
            if (t.equalsIgnoreCase(tag)) {
                return true;
            }
        }
        return false;
    }

    /**
     * Gives every tag one name across the catalogue: tags equal but for case ("Sci-Fi", "sci-fi") become the
     * spelling seen first (items in catalogue order), so each is one facet.
     */
    static void canonicalise(Iterable<ItemDraft> drafts) {
        Map<String, String> names = new HashMap<>();
        for (ItemDraft d : drafts) {
            List<String> own = new ArrayList<>(d.tags);
            d.tags.clear();
            for (String t : own) {
                d.tags.add(names.computeIfAbsent(t.toLowerCase(Locale.ROOT), k -> t));
            }
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
