package io.whyrec.explain.narrate;

import io.whyrec.api.ItemInfo;

import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/**
 * Everything a catalogue could let a sentence name: every item's title (with its other written forms, see
 * {@link #aliases}) and every facet name. The {@link GroundingGate} looks for all of them in a generated
 * sentence, so a real title or facet that the explanation does not hold is caught as well as an invented one.
 * Built once per catalogue (one pass over the items).
 */
public final class Vocabulary {

    private final List<String> titles;
    private final Set<String> facets;

    private Vocabulary(List<String> titles, Set<String> facets) {
        this.titles = titles;
        this.facets = facets;
    }

    /** The vocabulary of items {@code 0..numItems-1}. */
    public static Vocabulary of(ItemInfo info, int numItems) {
        List<String> titles = new ArrayList<>(numItems);
        Set<String> facets = new LinkedHashSet<>();
        for (int i = 0; i < numItems; i++) {
            titles.add(info.title(i));
            facets.addAll(info.facets(i));
        }
        return new Vocabulary(List.copyOf(titles), Set.copyOf(facets));
    }

    /** The title of each item, by dense index. */
    public List<String> titles() {
        return titles;
    }

    /** Every facet name of the catalogue. */
    public Set<String> facets() {
        return facets;
    }

    /**
     * The ways a sentence may write a title: as given ("Usual Suspects, The (1995)"), without a trailing
     * parenthesised year ("Usual Suspects, The") and with a trailing article moved to the front ("The Usual
     * Suspects"); forms shorter than three characters are left out.
     */
    public static List<String> aliases(String title) {
        Set<String> out = new LinkedHashSet<>();
        out.add(title.strip());
        String base = title.strip().replaceFirst("\\s*\\((\\d{4})\\)$", "");
        out.add(base);
        java.util.regex.Matcher m = java.util.regex.Pattern.compile("^(.*), (The|A|An|Les|La|Le|Il|Das|Der|Die|El)$")
                .matcher(base);
        if (m.matches()) {
            out.add(m.group(2) + " " + m.group(1));
            String year = title.strip().substring(base.length()).strip();
            if (!year.isEmpty()) {
                out.add(m.group(2) + " " + m.group(1) + " " + year);
            }
        }
        out.removeIf(s -> s.length() < 3);
        return List.copyOf(out);
    }
}
