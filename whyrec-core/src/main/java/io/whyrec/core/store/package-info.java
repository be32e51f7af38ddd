/**
 * Persistence of fitted models: a versioned, checksummed file format ({@link io.whyrec.core.store.ModelStore}),
 * the role a model implements to be saved ({@link io.whyrec.core.store.PersistentModel}) and the per-kind
 * readers that load it back ({@link io.whyrec.core.store.ModelReader}).
 */
package io.whyrec.core.store;
