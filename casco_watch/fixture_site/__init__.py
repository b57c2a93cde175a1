"""The bundled copy of iso.org in two dated states: its data, its renderer and a loopback server, for the demo and the tests."""
