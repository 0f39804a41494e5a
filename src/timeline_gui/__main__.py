from timeline_gui.cli import main

raise SystemExit(main())
