package io.whyrec.server.api;

import io.javalin.http.Context;
import io.javalin.http.Handler;
import io.whyrec.api.ItemInfo;
import io.whyrec.api.ScoredItem;
import io.whyrec.server.live.CatalogSnapshot;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * {@code GET /v1/items/{item}/similar?k=10} — items that share facets with one item (any valid credential): the
 * profile model's scores for a history holding only that item, i.e. the number of shared facets divided by
 * (the item's facet count times the square root of the candidate's), largest first; items sharing no facet are
 * left out.
 *
 * <p>Errors: 400 for a bad k; 401 without credentials; 404 for an unknown item.
 */
public final class GetSimilar implements Handler {

    private final ApiContext api;

    /** The endpoint over the shared context. */
    public GetSimilar(ApiContext api) {
        this.api = api;
    }

    @Override
    public void handle(Context ctx) {
        Requests.requireAuthenticated(ctx);
        int k = Requests.intQuery(ctx, "k", api.limits().defaultK(), 1, api.limits().maxK());
        CatalogSnapshot snap = api.engine().catalog();
        int item = Requests.pathItem(ctx, "item", api, snap);
        ItemInfo info = snap.infoHiding(Set.of());
        List<Map<String, Object>> items = new ArrayList<>();
        for (ScoredItem si : api.ranker().similar(item, k)) {
            Map<String, Object> m = Views.item(info, snap.catalog(), si.item());
            m.put("score", si.score());
            items.add(m);
        }
        Map<String, Object> out = new LinkedHashMap<>(Views.item(info, snap.catalog(), item));
        out.put("similar", items);
        Requests.json(ctx, api, 200, out);
    }
}
