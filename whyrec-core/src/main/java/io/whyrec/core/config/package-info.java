/**
 * The one reading of "key=value" settings ({@link io.whyrec.core.config.Params}): the command line, the server
 * and the model files configure models and the history weighting through it, so every bad value gets the same
 * message naming the key.
 */
package io.whyrec.core.config;
