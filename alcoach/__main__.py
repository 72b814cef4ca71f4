from alcoach.cli import main

raise SystemExit(main())
