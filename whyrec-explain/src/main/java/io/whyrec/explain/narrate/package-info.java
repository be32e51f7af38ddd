/**
 * Narrators: backends that write an explanation's sentence from the structured explanation (the en/zh
 * templates, an OpenAI-compatible chat endpoint through langchain4j), and the grounding gate that shows a
 * generated sentence only when every title, facet and number it names is in the explanation and the top
 * contributor is named, answering with the template otherwise.
 */
package io.whyrec.explain.narrate;
