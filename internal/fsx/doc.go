// Package fsx holds xpost's rules for touching files, so that every
// package follows the same ones:
//
//   - a file is replaced atomically ([WriteFile]): written to a temporary
//     file in the same directory, fsynced, renamed over the old one, and the
//     directory fsynced, so a crash or power cut leaves the old content or
//     the new, never a mix, and the rename itself is durable;
//   - where a file is expected, only a regular file is opened
//     ([OpenRegular], [ReadFile]): the path is checked before any open, and
//     opened without blocking, so a named pipe or a device given by mistake
//     is refused with a clear error instead of hanging the program;
//   - whatever is read whole is read with a limit ([ReadFile], [ReadAll];
//     a line too long for a reader of lines is a [LineTooLongError]), so
//     an endless stream cannot exhaust memory;
//   - a read from a stream that may block forever (standard input) can be
//     abandoned when the user interrupts ([ContextReader]);
//   - a file that one process at a time may hold is locked with [TryLock],
//     which the operating system releases when the process dies.
//
// It is not a general file system layer: it holds only what several
// packages of xpost need. The token store keeps its own write path, which
// reserves space before a refresh.
package fsx
