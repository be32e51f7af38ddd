package io.whyrec.core.data;

import io.whyrec.api.Item;
import java.util.ArrayList;
import java.util.List;

/**
 * The rules an accepted import must satisfy, checked on what was imported (not on how): every user id, item id
 * and event type follows the id rules of {@link InputRules}, every title, text and tag its character rules, every value is finite, a rating lies in the scale and any other
 * value is not negative. An import that passes garbage through breaks one of them.
 */
final class ImportedData {

    private ImportedData() {
    }

    /** The broken rules of an import result, empty when it is clean. */
    static List<String> problems(ImportResult result, RatingScale scale) {
        List<String> out = new ArrayList<>();
        check(result.dataset(), scale, "train", out);
        if (result.isSplit()) {
            check(result.split().test(), scale, "test", out);
        }
        return out;
    }

    private static void check(Dataset d, RatingScale scale, String part, List<String> out) {
        for (String u : d.users().ids()) {
            idRule(u, part + " user", out);
        }
        for (String i : d.items().ids()) {
            idRule(i, part + " item", out);
        }
        for (String t : d.eventTypes()) {
            idRule(t, part + " event type", out);
        }
        for (int i = 0; i < d.catalog().size(); i++) {
            Item item = d.catalog().item(i);
            List<String> texts = new ArrayList<>(item.tags());
            texts.add(item.title() == null ? "" : item.title());
            texts.add(item.text() == null ? "" : item.text());
            for (String t : texts) {
                if (InputRules.textProblem(t) != null) {
                    out.add(part + " item " + item.id() + " text '" + t + "': " + InputRules.textProblem(t));
                }
            }
        }
        for (int e = 0; e < d.numEvents(); e++) {
            float v = d.value(e);
            String type = d.eventTypes().get(d.eventType(e));
            if (!Float.isFinite(v)) {
                out.add(part + " event " + e + ": value " + v + " is not finite");
            } else if (type.equalsIgnoreCase("rating") ? !scale.contains(v) : v < 0) {
                out.add(part + " event " + e + ": " + type + " value " + v + " breaks the scale " + scale);
            }
        }
    }

    private static void idRule(String id, String what, List<String> out) {
        String p = InputRules.idProblem(id);
        if (p != null) {
            out.add(what + " '" + id + "': " + p);
        }
    }
}
