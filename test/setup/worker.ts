import { sharedImage } from './shared-image.js';

// Before each test file: the embedded databases it starts skip initdb.
await sharedImage();
