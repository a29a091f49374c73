// A Modbus TCP server that is not j2mod, for the gateway's interoperability test:
// modbus-serial's ServerTCP serving a CEMS analyser (unit 1) and a transformer monitor (unit 2).
// Values are encoded here with Node's Buffer, independently of the Java register codec.
// Usage: node modbus-server.js <port>; prints "listening <port>" when ready.
"use strict";
const ModbusRTU = require("modbus-serial");

const port = parseInt(process.argv[2], 10);

function floatWords(value, wordSwap) {
    const b = Buffer.alloc(4);
    b.writeFloatBE(value, 0);
    const hi = b.readUInt16BE(0);
    const lo = b.readUInt16BE(2);
    return wordSwap ? [lo, hi] : [hi, lo];
}

function int16(value) {
    const b = Buffer.alloc(2);
    b.writeInt16BE(value, 0);
    return b.readUInt16BE(0);
}

const units = {
    // CEMS: FLOAT32 ABCD from holding register 0, status (3 = calibration) at 20
    1: {
        holding: [21.5, 33.25, 2.75, 6.5, 14.5, 49.75, -0.25, 11.5, 284.5, 0]
            .flatMap((v) => floatWords(v, false)).concat([3]),
        input: [],
    },
    // transformer monitor: tenths in input registers 0..3, gases FLOAT32 CDAB in holding 10..15
    2: {
        holding: [0, 0, 0, 0, 0, 0, 0, 0, 0, 0]
            .concat(floatWords(41.5, true), floatWords(0.5, true), floatWords(57.25, true)),
        input: [int16(623), int16(758), 18345, int16(127)],
    },
};

function lookup(table, addr, unitID) {
    const unit = units[unitID];
    if (!unit || addr >= unit[table].length) {
        throw { modbusErrorCode: 0x02, msg: "illegal data address " + addr };
    }
    return unit[table][addr];
}

const vector = {
    getHoldingRegister: (addr, unitID) => lookup("holding", addr, unitID),
    getInputRegister: (addr, unitID) => lookup("input", addr, unitID),
    getCoil: () => { throw { modbusErrorCode: 0x02, msg: "no coils" }; },
    getDiscreteInput: () => { throw { modbusErrorCode: 0x02, msg: "no discrete inputs" }; },
    setRegister: () => { throw { modbusErrorCode: 0x01, msg: "read-only" }; },
    setCoil: () => { throw { modbusErrorCode: 0x01, msg: "read-only" }; },
};

const server = new ModbusRTU.ServerTCP(vector, { host: "127.0.0.1", port: port, unitID: 255 });
server.on("initialized", () => console.log("listening " + port));
server.on("serverError", (e) => { console.error("server error: " + e); process.exit(2); });
process.on("SIGTERM", () => server.close(() => process.exit(0)));
