/**
 * Sentences for explanations in English and Chinese, from the resource bundles
 * {@code io/whyrec/explain/text/messages_en.properties} and {@code messages_zh.properties} (UTF-8), with
 * locale-correct numbers and percentages. A sentence can only name what the explanation's evidence allows:
 * items of the explained history and facets that the recommended item really has; {@link
 * io.whyrec.explain.text.Evidence} enforces this and throws otherwise.
 */
package io.whyrec.explain.text;
