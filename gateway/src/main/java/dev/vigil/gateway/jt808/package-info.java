/**
 * The JT/T 808 (2013 and 2019) endpoint for vehicle terminals: framing and codec in plain Java
 * ({@link dev.vigil.gateway.jt808.Jt808Codec}, {@link dev.vigil.gateway.jt808.FrameSplitter},
 * {@link dev.vigil.gateway.jt808.Reassembler}, {@link dev.vigil.gateway.jt808.LocationReport}),
 * and the Vert.x TCP server ({@link dev.vigil.gateway.jt808.Jt808Endpoint}) that feeds the one
 * pipeline.
 */
package dev.vigil.gateway.jt808;
