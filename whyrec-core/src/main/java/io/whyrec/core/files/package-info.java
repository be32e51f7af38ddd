/**
 * Files that outlive a process: the versioned, checksummed model file format ({@link io.whyrec.core.files.ModelFiles}),
 * the role a model implements to be saved ({@link io.whyrec.core.files.PersistentModel}), the per-kind readers
 * that load it back ({@link io.whyrec.core.files.ModelReader}), and the crash-safe replacement every writer of the
 * project goes through ({@link io.whyrec.core.files.AtomicFiles}). The dataset file is
 * {@link io.whyrec.core.data.DatasetFile}; the only store is the server's database
 * ({@code io.whyrec.server.store.Store}).
 */
package io.whyrec.core.files;
