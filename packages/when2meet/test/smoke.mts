import { When2MeetEmulator } from './emulator.ts';
const emu = await new When2MeetEmulator().start();
console.log(emu.baseUrl);
await new Promise((r) => setTimeout(r, 120000));
await emu.stop();
