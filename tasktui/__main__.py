from tasktui.cli import main

raise SystemExit(main())
