/**
 * The module picture of whyrec as ArchUnit rules over every module's compiled main classes, checked in the normal
 * {@code mvn -B verify}: what each module may depend on, where the heavy runtimes (PyTorch, ONNX, the web server)
 * may be named, and that packages form no cycles.
 */
package io.whyrec.architecture;
